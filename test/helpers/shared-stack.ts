import { afterAll, beforeAll, beforeEach } from "vitest";
import { type Stack, startStack } from "./stack.js";

/**
 * One stack (startStack's simulator and agate) for a whole test file whose tests do not depend on each
 * other: started before the file's first test, closed after its last, the simulator's scripts and records
 * cleared before each test. Call it at the top of the file; what it returns reads the running stack, so
 * tests and hooks use it as they would the Stack itself (a hook that needs its url must come after the call).
 */
export function sharedStack(accountCount = 1, overrides: Record<string, unknown> = {}): Stack {
  let running: Stack | undefined;
  const current = (): Stack => {
    if (running === undefined)
      throw new Error("the shared stack runs only from the file's beforeAll to its afterAll");
    return running;
  };
  beforeAll(async () => {
    running = await startStack(accountCount, overrides);
  });
  afterAll(async () => {
    const stack = running;
    running = undefined;
    if (stack === undefined) return;
    // SDK clients keep their connections alive: drop them rather than wait for them to go idle.
    stack.gateway.app.server.closeAllConnections();
    await stack.close();
  });
  beforeEach(() => current().simulator.reset());
  return {
    get simulator() {
      return current().simulator;
    },
    get gateway() {
      return current().gateway;
    },
    get url() {
      return current().url;
    },
    close: () => current().close(),
  };
}
