import { createServer } from "node:http";
import { Agent } from "undici";
import { describe, expect, it } from "vitest";
import { abortEmitter, onAbort } from "./on-abort.js";

describe("onAbort", () => {
  it("calls every registered listener once, in order, when the signal aborts", () => {
    const controller = new AbortController();
    const calls: string[] = [];
    onAbort(controller.signal, () => calls.push("a"));
    onAbort(controller.signal, () => calls.push("b"));
    controller.abort();
    controller.abort();
    expect(calls).toEqual(["a", "b"]);
  });

  it("does not call a listener that was unregistered", () => {
    const controller = new AbortController();
    const calls: string[] = [];
    const stop = onAbort(controller.signal, () => calls.push("gone"));
    onAbort(controller.signal, () => calls.push("kept"));
    stop();
    controller.abort();
    expect(calls).toEqual(["kept"]);
  });

  it("calls a listener at once when the signal has already aborted", () => {
    const calls: string[] = [];
    onAbort(AbortSignal.abort(), () => calls.push("now"));
    expect(calls).toEqual(["now"]);
  });

  it("calls one function registered twice twice, and unregisters each on its own", () => {
    const controller = new AbortController();
    let count = 0;
    const listener = () => {
      count++;
    };
    const first = onAbort(controller.signal, listener);
    onAbort(controller.signal, listener);
    first();
    controller.abort();
    expect(count).toBe(1);
  });
});

describe("abortEmitter", () => {
  it("stops an undici request that waits on a silent server, with the signal's reason", async () => {
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const agent = new Agent();
    const controller = new AbortController();
    try {
      const pending = agent.request({
        origin: `http://127.0.0.1:${port}`,
        path: "/",
        method: "GET",
        signal: abortEmitter(controller.signal) as never,
      });
      setTimeout(() => controller.abort(new Error("client gone")), 20);
      await expect(pending).rejects.toThrow("client gone");
    } finally {
      await agent.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("forgets a listener undici removes, so a later abort calls nothing", () => {
    const controller = new AbortController();
    const emitter = abortEmitter(controller.signal);
    let calls = 0;
    const listener = () => {
      calls++;
    };
    emitter.once("abort", listener);
    emitter.removeListener("abort", listener);
    controller.abort();
    expect(calls).toBe(0);
    expect(emitter.aborted).toBe(true);
  });

  it("calls a listener once on abort and passes the reason through", () => {
    const controller = new AbortController();
    const emitter = abortEmitter(controller.signal);
    let calls = 0;
    emitter.once("abort", () => calls++);
    controller.abort("why");
    controller.abort("again");
    expect(calls).toBe(1);
    expect(emitter.reason).toBe("why");
  });
});
