import { EventEmitter } from "node:events";
import type { FastifyReply } from "fastify";
import { describe, expect, it } from "vitest";
import { upstreamSignal } from "./upstream-signal.js";

/** The part of a reply upstreamSignal reads: raw's close event, writableFinished and the socket. */
function fakeReply(): { reply: FastifyReply; raw: EventEmitter & { writableFinished: boolean } } {
  const raw = Object.assign(new EventEmitter(), {
    writableFinished: false,
    socket: { destroyed: false },
  });
  return { reply: { raw } as unknown as FastifyReply, raw };
}

describe("upstreamSignal", () => {
  it("aborts with a TimeoutError once request_timeout_ms has passed", async () => {
    const { reply } = fakeReply();
    const started = performance.now();
    const signal = upstreamSignal(reply, 80);
    const reason = await new Promise<unknown>((resolve) =>
      signal.addEventListener("abort", () => resolve(signal.reason)),
    );
    expect((reason as DOMException).name).toBe("TimeoutError");
    expect(performance.now() - started).toBeGreaterThanOrEqual(79);
  });

  it("aborts when the client leaves before the answer is complete", () => {
    const { reply, raw } = fakeReply();
    const signal = upstreamSignal(reply, 60_000);
    raw.emit("close");
    expect(signal.aborted).toBe(true);
    expect(String(signal.reason)).toContain("client closed");
  });

  it("neither aborts nor times out once the answer is complete", async () => {
    const { reply, raw } = fakeReply();
    const signal = upstreamSignal(reply, 40);
    raw.writableFinished = true;
    raw.emit("close");
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(signal.aborted).toBe(false);
  });

  it("times out each request by its own start", async () => {
    const { reply: first } = fakeReply();
    const a = upstreamSignal(first, 100);
    await new Promise((resolve) => setTimeout(resolve, 60));
    const { reply: second } = fakeReply();
    const b = upstreamSignal(second, 100);
    // Checked inside a's abort: however late the sweep runs, the earlier deadline goes first.
    const bWhenAAborted = await new Promise<boolean>((resolve) =>
      a.addEventListener("abort", () => resolve(b.aborted)),
    );
    expect(bWhenAAborted).toBe(false);
    await new Promise((resolve) => b.addEventListener("abort", resolve));
    expect(b.aborted).toBe(true);
  });

  it("a pipelined request (no socket yet) aborts when its connection closes, and then leaves no listener", () => {
    const connection = Object.assign(new EventEmitter(), { destroyed: false });
    const waiting = Object.assign(new EventEmitter(), {
      writableFinished: false,
      socket: null,
      req: { socket: connection },
    });
    const signal = upstreamSignal({ raw: waiting } as unknown as FastifyReply, 60_000);
    connection.emit("close");
    expect(signal.aborted).toBe(true);

    const answered = Object.assign(new EventEmitter(), {
      writableFinished: false,
      socket: null,
      req: { socket: connection },
    });
    const kept = upstreamSignal({ raw: answered } as unknown as FastifyReply, 60_000);
    answered.writableFinished = true;
    answered.emit("close");
    expect(kept.aborted).toBe(false);
    expect(connection.listenerCount("close")).toBe(0);
  });
});
