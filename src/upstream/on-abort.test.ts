import { describe, expect, it } from "vitest";
import { onAbort } from "./on-abort.js";

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
