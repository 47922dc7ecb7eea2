import { describe, expect, it } from "vitest";
import type { GenerateEvent } from "../hub/types.js";
import { releasedStream } from "./released-stream.js";

async function* upstream(): AsyncGenerator<GenerateEvent> {
  yield { type: "text-delta", candidate: 0, text: "a" };
  yield { type: "text-delta", candidate: 0, text: "b" };
  yield { type: "finish", candidate: 0, reason: "stop" };
}

async function started() {
  const iterator = upstream();
  const first = await iterator.next();
  let released = 0;
  const controller = new AbortController();
  const stream = releasedStream([first], iterator, controller.signal, () => released++);
  return { stream, controller, released: () => released };
}

describe("releasedStream", () => {
  it("replays the first event, then the rest, and releases once at the end", async () => {
    const { stream, released } = await started();
    const texts: string[] = [];
    for await (const event of stream) if (event.type === "text-delta") texts.push(event.text);
    expect(texts).toEqual(["a", "b"]);
    expect(released()).toBe(1);
  });

  it("releases when given up before anyone read it", async () => {
    const { stream, released } = await started();
    await stream.return?.();
    await stream.return?.();
    expect(released()).toBe(1);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it("releases when the request is aborted, even if nobody reads on", async () => {
    const { controller, released } = await started();
    controller.abort(new Error("client gone"));
    expect(released()).toBe(1);
  });

  it("releases at once when the request was aborted before the stream was made", async () => {
    const iterator = upstream();
    const first = await iterator.next();
    let released = 0;
    releasedStream([first], iterator, AbortSignal.abort(new Error("gone")), () => released++);
    expect(released).toBe(1);
  });

  it("a head that ends with the end: released at once, the head still readable and replayed", async () => {
    async function* quiet(): AsyncGenerator<GenerateEvent> {
      yield {
        type: "usage",
        usage: { inputTokens: 1, outputTokens: 0, reasoningTokens: 0, cachedTokens: 0 },
      };
    }
    const iterator = quiet();
    const head = [await iterator.next(), await iterator.next()];
    let released = 0;
    const stream = releasedStream(head, iterator, new AbortController().signal, () => released++);
    expect(released).toBe(1);
    expect(stream.head).toBe(head);
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).toEqual(["usage"]);
    expect(released).toBe(1);
  });

  it("releases when the upstream fails mid-stream, and passes the failure on", async () => {
    async function* failing(): AsyncGenerator<GenerateEvent> {
      yield { type: "text-delta", candidate: 0, text: "a" };
      throw new Error("cut");
    }
    const iterator = failing();
    let released = 0;
    const stream = releasedStream(
      [await iterator.next()],
      iterator,
      new AbortController().signal,
      () => released++,
    );
    await stream.next();
    await expect(stream.next()).rejects.toThrow("cut");
    expect(released).toBe(1);
  });
});
