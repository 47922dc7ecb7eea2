import { describe, expect, it } from "vitest";
import { mergeWholeAnswers } from "../../hub/merge-answers.js";
import type { GenerateEvent, Usage } from "../../hub/types.js";
import { abandonStream, mergePromptEvents } from "./merge-prompt-events.js";

const usage = (tokens: number): Usage => ({
  inputTokens: tokens,
  outputTokens: tokens * 2,
  reasoningTokens: 1,
  cachedTokens: 0,
});

/**
 * A stream as the pool gives them (a plain iterator, not a generator), recording whether it was cleaned up:
 * ended, failed or closed (the pool's streams free their account then).
 */
function tracked(events: GenerateEvent[], failure?: Error) {
  const state = { cleanedUp: false };
  const queue = [...events];
  const iterator: AsyncIterator<GenerateEvent> = {
    next: async () => {
      const value = queue.shift();
      if (value !== undefined) return { done: false, value };
      state.cleanedUp = true;
      if (failure !== undefined) throw failure;
      return { done: true, value: undefined };
    },
    return: async () => {
      state.cleanedUp = true;
      return { done: true, value: undefined };
    },
  };
  const stream: AsyncIterable<GenerateEvent> = { [Symbol.asyncIterator]: () => iterator };
  return { stream, state };
}

async function collect(events: AsyncIterable<GenerateEvent>): Promise<GenerateEvent[]> {
  const out: GenerateEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

describe("mergePromptEvents", () => {
  it("one prompt: events pass unchanged, usage comes once at the end", async () => {
    const { stream } = tracked([
      { type: "text-delta", candidate: 0, text: "a" },
      { type: "usage", usage: usage(1) },
      { type: "finish", candidate: 0, reason: "stop" },
      { type: "usage", usage: usage(2) },
    ]);
    expect(await collect(mergePromptEvents([stream], 1))).toEqual([
      { type: "text-delta", candidate: 0, text: "a" },
      { type: "finish", candidate: 0, reason: "stop" },
      { type: "usage", usage: usage(2) },
    ]);
  });

  it("prompt p's candidate c becomes p × n + c, and the usages are summed", async () => {
    const first = tracked([
      { type: "text-delta", candidate: 1, text: "a1" },
      { type: "usage", usage: usage(1) },
    ]);
    const second = tracked([
      { type: "text-delta", candidate: 0, text: "b0" },
      { type: "finish", candidate: 1, reason: "length" },
      { type: "usage", usage: usage(10) },
    ]);
    expect(await collect(mergePromptEvents([first.stream, second.stream], 2))).toEqual([
      { type: "text-delta", candidate: 1, text: "a1" },
      { type: "text-delta", candidate: 2, text: "b0" },
      { type: "finish", candidate: 3, reason: "length" },
      { type: "usage", usage: { inputTokens: 11, outputTokens: 22, reasoningTokens: 2, cachedTokens: 0 } },
    ]);
  });

  it("a failing prompt ends the merge with its error, and the prompts after it are cleaned up", async () => {
    const first = tracked([{ type: "text-delta", candidate: 0, text: "a" }], new Error("cut"));
    const second = tracked([{ type: "text-delta", candidate: 0, text: "b" }]);
    await expect(collect(mergePromptEvents([first.stream, second.stream], 1))).rejects.toThrow("cut");
    expect(second.state.cleanedUp).toBe(true);
  });

  it("a prompt whose answer has not come yet is given up, not waited for", async () => {
    const first = tracked([{ type: "text-delta", candidate: 0, text: "a" }], new Error("cut"));
    // An answer still awaited (a stream whose head went out before its pool answered): next() waits.
    const state = { returned: false };
    const waiting: AsyncIterator<GenerateEvent> = {
      next: () => new Promise(() => undefined),
      return: async () => {
        state.returned = true;
        return { done: true, value: undefined };
      },
    };
    const merged = collect(mergePromptEvents([first.stream, { [Symbol.asyncIterator]: () => waiting }], 1));
    const outcome = await Promise.race([
      merged.then(
        () => "ended",
        (error: unknown) => (error as Error).message,
      ),
      new Promise((resolve) => setTimeout(() => resolve("still waiting"), 200)),
    ]);
    expect(outcome).toBe("cut");
    expect(state.returned).toBe(true);
  });

  it("a consumer that stops early cleans up every stream", async () => {
    const first = tracked([
      { type: "text-delta", candidate: 0, text: "a" },
      { type: "text-delta", candidate: 0, text: "b" },
    ]);
    const second = tracked([{ type: "text-delta", candidate: 0, text: "c" }]);
    for await (const _event of mergePromptEvents([first.stream, second.stream], 1)) break;
    expect(first.state.cleanedUp).toBe(true);
    expect(second.state.cleanedUp).toBe(true);
  });
});

describe("mergeWholeAnswers (answers already read whole)", () => {
  const answers: GenerateEvent[][] = [
    [
      { type: "text-delta", candidate: 1, text: "a1" },
      { type: "finish", candidate: 1, reason: "stop" },
      { type: "usage", usage: usage(1) },
    ],
    [
      { type: "usage", usage: usage(5) },
      { type: "text-delta", candidate: 0, text: "b0" },
      { type: "finish", candidate: 1, reason: "length" },
      { type: "usage", usage: usage(10) },
    ],
  ];

  it("the same events as mergePromptEvents gives for the same answers streamed", async () => {
    const streamed = await collect(
      mergePromptEvents(
        answers.map((events) => tracked(events).stream),
        2,
      ),
    );
    expect(mergeWholeAnswers(answers, 2)).toEqual(streamed);
    expect(streamed.at(-1)).toEqual({
      type: "usage",
      usage: { inputTokens: 11, outputTokens: 22, reasoningTokens: 2, cachedTokens: 0 },
    });
  });

  it("no usage anywhere → no usage event", () => {
    expect(mergeWholeAnswers([[{ type: "text-delta", candidate: 0, text: "x" }]], 1)).toEqual([
      { type: "text-delta", candidate: 0, text: "x" },
    ]);
  });
});

describe("abandonStream", () => {
  it("closes a stream nobody started", async () => {
    const { stream, state } = tracked([{ type: "text-delta", candidate: 0, text: "a" }]);
    await abandonStream(stream);
    expect(state.cleanedUp).toBe(true);
  });
});
