import { createServer } from "node:http";
import { Agent } from "undici";
import { describe, expect, it } from "vitest";
import { abortable, sleep } from "./abortable.js";
import { onAbort } from "./on-abort.js";
import { RequestSignal } from "./request-signal.js";

describe("RequestSignal", () => {
  it("aborts once, calling its listeners in order, however they were added", () => {
    const signal = new RequestSignal();
    const calls: string[] = [];
    signal.addEventListener("abort", () => calls.push("event-target"));
    signal.addEventListener("abort", () => calls.push("second listener"));
    onAbort(signal.asAbortSignal(), () => calls.push("onAbort"));
    signal.abort(new Error("first"));
    signal.abort(new Error("second"));
    expect(calls).toEqual(["event-target", "second listener", "onAbort"]);
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe("first");
    expect(() => signal.throwIfAborted()).toThrow("first");
  });

  it("forgets the listeners that were removed", () => {
    const signal = new RequestSignal();
    let calls = 0;
    const listener = () => {
      calls++;
    };
    signal.addEventListener("abort", listener);
    signal.removeEventListener("abort", listener);
    signal.addEventListener("abort", listener);
    signal.removeEventListener("abort", listener);
    onAbort(signal.asAbortSignal(), listener)();
    signal.abort("gone");
    expect(calls).toBe(0);
  });

  it("calls a listener once on abort, even when added twice, and keeps the first reason", () => {
    const signal = new RequestSignal();
    let calls = 0;
    const listener = () => {
      calls++;
    };
    signal.addEventListener("abort", listener);
    signal.addEventListener("abort", listener);
    signal.abort("why");
    signal.abort("again");
    expect(calls).toBe(1);
    expect(signal.reason).toBe("why");
  });

  it("stops the pool's waits, abortable and sleep, with its reason", async () => {
    const signal = new RequestSignal();
    const waiting = abortable(new Promise(() => undefined), signal.asAbortSignal());
    const sleeping = sleep(60_000, signal.asAbortSignal());
    signal.abort(new Error("client gone"));
    await expect(waiting).rejects.toThrow("client gone");
    await expect(sleeping).rejects.toThrow("client gone");
  });

  it("stops an undici request that waits on a silent server", async () => {
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const agent = new Agent();
    const signal = new RequestSignal();
    try {
      const pending = agent.request({
        origin: `http://127.0.0.1:${port}`,
        path: "/",
        method: "GET",
        signal: signal.asAbortSignal(),
      });
      setTimeout(() => signal.abort(new Error("request_timeout_ms passed")), 20);
      await expect(pending).rejects.toThrow("request_timeout_ms passed");
    } finally {
      await agent.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
