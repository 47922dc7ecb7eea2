import { describe, expect, it } from "vitest";
import { withKeepAlive } from "./keep-alive.js";

async function* slow(frames: string[], gapMs: number) {
  for (const frame of frames) {
    await new Promise((resolve) => setTimeout(resolve, gapMs));
    yield frame;
  }
}

describe("withKeepAlive", () => {
  it("passes frames through in order and comments during silence", async () => {
    const out: string[] = [];
    for await (const frame of withKeepAlive(slow(["a", "b"], 60), 25)) out.push(frame);
    expect(out.filter((frame) => frame !== ": keep-alive\n\n")).toEqual(["a", "b"]);
    expect(out.filter((frame) => frame === ": keep-alive\n\n").length).toBeGreaterThanOrEqual(2);
  });

  it("no comment when frames come faster than the interval", async () => {
    const out: string[] = [];
    for await (const frame of withKeepAlive(slow(["a", "b", "c"], 1), 1_000)) out.push(frame);
    expect(out).toEqual(["a", "b", "c"]);
  });

  it("stopping the consumer releases the source", async () => {
    let released = false;
    async function* source() {
      try {
        yield "a";
        yield "b";
      } finally {
        released = true;
      }
    }
    for await (const frame of withKeepAlive(source(), 1_000)) {
      expect(frame).toBe("a");
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(released).toBe(true);
  });
});
