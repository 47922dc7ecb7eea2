import { describe, expect, it } from "vitest";
import { SseJsonDecoder } from "./sse-events.js";

const bytes = (text: string) => new TextEncoder().encode(text);

function decodeAll(chunks: Uint8Array[]): unknown[] {
  const sse = new SseJsonDecoder();
  const out: unknown[] = [];
  for (const chunk of chunks) out.push(...sse.push(chunk));
  out.push(...sse.end());
  return out;
}

describe("SseJsonDecoder", () => {
  it("one event per data payload, whatever the chunk boundaries (also inside a UTF-8 sequence)", () => {
    const body = bytes('data: {"a":"é"}\r\n\r\ndata: {"b":2}\n\ndata: [DONE]\n\n');
    const whole = decodeAll([body]);
    expect(whole).toEqual([{ a: "é" }, { b: 2 }, undefined]);
    for (let at = 1; at < body.length; at++) {
      expect(decodeAll([body.subarray(0, at), body.subarray(at)])).toEqual(whole);
    }
  });

  it("a last event without its closing blank line still comes out at the end", () => {
    expect(decodeAll([bytes('data: {"a":1}\n\ndata: {"b":2}')])).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it("a payload that is not JSON is a malformed upstream error, after the events before it", () => {
    const sse = new SseJsonDecoder();
    const events = sse.push(bytes('data: {"a":1}\n\ndata: {oops\n\n'));
    expect(events.next().value).toEqual({ a: 1 });
    expect(() => events.next()).toThrow(expect.objectContaining({ kind: "malformed" }));
  });
});
