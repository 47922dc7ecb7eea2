import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ResponseSaves } from "../../src/store/response-saves.js";
import { type Stack, startStack } from "../helpers/stack.js";
import { waitUntil } from "../helpers/wait-until.js";

/**
 * Streamed responses that are stored join the saves in flight (grouped in one commit while several are):
 * a response is still stored before its terminal event goes out, and every stream, however it ends, leaves
 * the count of saves in flight.
 */

let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack(1);
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.reset());
afterEach(() => vi.restoreAllMocks());

/** Counts ResponseSaves.enter and .leave calls from now on. */
function countSaves() {
  const enter = vi.spyOn(ResponseSaves.prototype, "enter");
  const leave = vi.spyOn(ResponseSaves.prototype, "leave");
  return { entered: () => enter.mock.calls.length, left: () => leave.mock.calls.length };
}

describe("stored Responses streams", () => {
  it("one that ends while another is in flight can be retrieved as soon as its last event arrives", async () => {
    const saves = countSaves();
    stack.simulator.script({
      match: { model: "gemini-2.5-pro" },
      delayMs: 400,
      respond: { reply: { text: "slow" } },
    });
    const slow = client.responses.create({ model: "gemini-2.5-pro", input: "take your time", stream: true });
    let slowDone = false;
    const slowEvents = (async () => {
      const types: string[] = [];
      for await (const event of await slow) types.push(event.type);
      slowDone = true;
      return types;
    })();
    await waitUntil("the slow stream in flight", () => saves.entered() === 1, 3_000);

    const fast = await client.responses.create({
      model: "gemini-2.5-flash",
      input: "quick one",
      stream: true,
    });
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of fast) {
      if (event.type !== "response.completed") continue;
      completed = event.response;
      // Still within the stream. That the terminal event waits for the save is pinned in encode.test.ts:
      // here, in one process, the group commit would run before the client read the event anyway.
      const stored = await client.responses.retrieve(completed.id);
      expect(stored.output).toEqual(completed.output);
      expect(slowDone).toBe(false);
    }
    expect(completed?.status).toBe("completed");
    expect((await slowEvents).at(-1)).toBe("response.completed");
    await waitUntil("both streams left", () => saves.left() === 2, 3_000);
    expect(saves.entered()).toBe(2);
  });

  it("a stream the client abandons, one refused before it starts and one not stored leave nothing in flight", async () => {
    const saves = countSaves();
    stack.simulator.script({
      match: { stream: true },
      chunkDelayMs: 200,
      respond: { reply: { text: "one two three four five six" } },
    });
    const controller = new AbortController();
    const abandoned = await fetch(`${stack.url}/v1/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gemini-2.5-flash", input: "talk slowly", stream: true }),
      signal: controller.signal,
    });
    const reader = abandoned.body?.getReader();
    await reader?.read();
    controller.abort();
    await waitUntil("the abandoned stream left", () => saves.left() === 1, 3_000);

    await expect(
      client.responses.create({
        model: "gemini-2.5-flash",
        input: "x",
        stream: true,
        previous_response_id: "resp_not_stored",
      }),
    ).rejects.toThrow(/not found/);
    const unstored = await client.responses.create({
      model: "gemini-2.5-flash",
      input: "not kept",
      stream: true,
      store: false,
    });
    for await (const _ of unstored) {
      // Read to the end.
    }
    await waitUntil("every stream left", () => saves.left() === saves.entered(), 3_000);
    expect(saves.entered()).toBe(2);
    expect(saves.left()).toBe(2);
  });
});
