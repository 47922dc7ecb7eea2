import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import type { SimResponse } from "../../src/simulator/index.js";
import { generations, type PoolStack, startPoolStack } from "./support.js";

/**
 * A 200 whose body is a Google error object where the answer should be: the failure the error says, on
 * either Gemini-speaking kind and whether the call was streamed or not. A 400 in it is the client's error,
 * answered at once, not a malformed answer that other accounts are asked again for.
 */

let stack: PoolStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const invalidArgument = {
  error: { code: 400, message: "Request contains an invalid argument.", status: "INVALID_ARGUMENT" },
};

const accounts = {
  gemini: [
    { kind: "gemini", label: "g-1", api_key: "key-1" },
    { kind: "gemini", label: "g-2", api_key: "key-2" },
  ],
  cloudcode: [
    { kind: "cloudcode", label: "cc-1", refresh_token: "sim-refresh-one" },
    { kind: "cloudcode", label: "cc-2", refresh_token: "sim-refresh-two" },
  ],
};

const modes: Record<"json" | "stream", SimResponse> = {
  json: { error: { status: 200, body: invalidArgument } },
  stream: { fault: "stream-error", body: invalidArgument },
};

describe("a 200 holding a Google error object", () => {
  for (const kind of ["gemini", "cloudcode"] as const) {
    for (const mode of ["json", "stream"] as const) {
      it(`${kind}, ${mode}: the error's own status, no other account asked`, async () => {
        stack = await startPoolStack({ accounts: accounts[kind] });
        stack.simulator.script({ forever: true, respond: modes[mode] });
        const failure = await (async () => {
          const answer = await stack?.client.chat.completions.create({
            model: "gemini-2.5-flash",
            messages: [{ role: "user", content: "hello" }],
            stream: mode === "stream",
          });
          if (mode === "stream") for await (const _chunk of answer as AsyncIterable<unknown>);
        })().then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(failure).toBeInstanceOf(OpenAI.APIError);
        expect(failure).toMatchObject({ status: 400, code: "upstream_invalid_request" });
        expect((failure as Error).message).toContain("Request contains an invalid argument.");
        expect(generations(stack.simulator)).toHaveLength(1);
      });
    }
  }
});
