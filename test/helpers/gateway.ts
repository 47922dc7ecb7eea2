import { createGateway, type Gateway } from "../../src/gateway.js";
import type { IdGenerator } from "../../src/server/ids.js";
import { testConfig } from "./test-config.js";

let counter = 0;
/** Predictable ids, so assertions can name them. */
export const sequentialIds = (): IdGenerator => {
  counter = 0;
  return {
    requestId: () => `req_${++counter}`,
    completionId: () => `chatcmpl-test${++counter}`,
    textCompletionId: () => `cmpl-test${++counter}`,
    toolCallId: () => `call_test${++counter}`,
  };
};

/** A gateway in-process (state in memory, no logs) for app.inject tests. */
export async function testGateway(overrides: Record<string, unknown> = {}): Promise<Gateway> {
  return createGateway(testConfig(overrides), { logger: false, inMemoryStore: true, ids: sequentialIds() });
}
