import { describe, expect, it } from "vitest";
import { idWithSignature } from "../hub/tool-call-id.js";
import type { GenerateEvent } from "../hub/types.js";
import { answerEvents } from "./answer-events.js";

const text: GenerateEvent = { type: "text-delta", candidate: 0, text: "hi" };
const finish: GenerateEvent = { type: "finish", candidate: 0, reason: "stop" };

/** The pool's events (a plain iterator, as the pool's), recording its closing. */
function rest(events: GenerateEvent[]) {
  const state = { closed: false };
  const queue = [...events];
  const iterator: AsyncIterator<GenerateEvent> = {
    next: async () => {
      const value = queue.shift();
      return value === undefined ? { done: true, value: undefined } : { done: false, value };
    },
    return: async () => {
      state.closed = true;
      return { done: true, value: undefined };
    },
  };
  return { iterator, state };
}

async function collect(events: AsyncIterable<GenerateEvent>): Promise<GenerateEvent[]> {
  const out: GenerateEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

describe("answerEvents", () => {
  it("the pool's events, each shown to `seen` and the end once", async () => {
    const seen: (GenerateEvent | undefined)[] = [];
    const source = rest([text, text, finish]);
    const events = answerEvents(source.iterator, {
      signatures: { save: () => undefined },
      seen: (event) => seen.push(event),
    });
    expect(await collect(events)).toEqual([text, text, finish]);
    expect(seen).toEqual([text, text, finish, undefined]);
  });

  it("a tool call's signature is carried in its id and saved", async () => {
    const saved: [string, string][] = [];
    const call: GenerateEvent = {
      type: "tool-call",
      candidate: 0,
      id: "call_1",
      name: "f",
      arguments: {},
      signature: "c2ln",
    };
    const events = answerEvents(rest([call, finish]).iterator, {
      signatures: { save: (id, signature) => saved.push([id, signature]) },
    });
    const out = await collect(events);
    expect(out[0]).toMatchObject({ id: idWithSignature("call_1", "c2ln") });
    expect(saved).toEqual([["call_1", "c2ln"]]);
  });

  it("closing it before reading anything closes the rest (the account slot is freed) and ends once", async () => {
    const seen: (GenerateEvent | undefined)[] = [];
    const source = rest([text, text]);
    const iterator = answerEvents(source.iterator, {
      signatures: { save: () => undefined },
      seen: (event) => seen.push(event),
    })[Symbol.asyncIterator]();
    await iterator.return?.();
    await iterator.return?.();
    expect(source.state.closed).toBe(true);
    expect(seen).toEqual([undefined]);
  });

  it("a failing upstream rejects the read and is not an end", async () => {
    const seen: (GenerateEvent | undefined)[] = [];
    let reads = 0;
    const failing: AsyncIterator<GenerateEvent> = {
      next: () =>
        reads++ === 0 ? Promise.resolve({ done: false, value: text }) : Promise.reject(new Error("reset")),
    };
    const events = answerEvents(failing, {
      signatures: { save: () => undefined },
      seen: (event) => seen.push(event),
    });
    await expect(collect(events)).rejects.toThrow("reset");
    expect(seen).toEqual([text]);
  });

  it("events its filter refuses are skipped, the first one included, and not shown to `seen`", async () => {
    const seen: (GenerateEvent | undefined)[] = [];
    const events = answerEvents(rest([text, finish, text]).iterator, {
      signatures: { save: () => undefined },
      seen: (event) => seen.push(event),
      keeps: (event) => event.type !== "text-delta",
    });
    expect(await collect(events)).toEqual([finish]);
    expect(seen).toEqual([finish, undefined]);
  });

  it("an event its filter refuses leaves the others in order", async () => {
    const usage: GenerateEvent = {
      type: "usage",
      usage: { inputTokens: 3, outputTokens: 0, reasoningTokens: 0, cachedTokens: 0 },
    };
    const events = answerEvents(rest([text, usage, finish]).iterator, {
      signatures: { save: () => undefined },
      keeps: (event) => event.type !== "text-delta",
    });
    expect(await collect(events)).toEqual([usage, finish]);
  });
});
