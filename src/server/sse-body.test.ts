import type { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { sseBody } from "./sse-body.js";

const KEEP_ALIVE = ": keep-alive\n\n";

async function* slow(frames: string[], gapMs: number) {
  for (const frame of frames) {
    await new Promise((resolve) => setTimeout(resolve, gapMs));
    yield frame;
  }
}

async function read(body: Readable): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of body) out.push(String(chunk));
  return out;
}

describe("sseBody", () => {
  it("passes frames through in order and comments during silence", async () => {
    const out = await read(sseBody(slow(["a", "b"], 60), 25));
    expect(out.filter((frame) => frame !== KEEP_ALIVE)).toEqual(["a", "b"]);
    expect(out.filter((frame) => frame === KEEP_ALIVE).length).toBeGreaterThanOrEqual(2);
  });

  it("no comment when frames come faster than the interval", async () => {
    expect(await read(sseBody(slow(["a", "b", "c"], 1), 1_000))).toEqual(["a", "b", "c"]);
  });

  it("waits for a slow reader instead of buffering the whole source", async () => {
    let produced = 0;
    async function* many() {
      for (let index = 0; index < 1_000; index++) {
        produced++;
        yield "x".repeat(1_024);
      }
    }
    const body = sseBody(many(), 1_000);
    body.pause();
    body.read(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(produced).toBeLessThan(100);
    expect((await read(body)).join("").length).toBe(1_024 * 1_000);
  });

  it("destroying the body (the client went away) releases the source", async () => {
    let released = false;
    async function* source() {
      try {
        yield "a";
        await new Promise((resolve) => setTimeout(resolve, 50));
        yield "b";
      } finally {
        released = true;
      }
    }
    const body = sseBody(source(), 1_000);
    for await (const chunk of body) {
      expect(String(chunk)).toBe("a");
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(released).toBe(true);
  });

  it("a failing source destroys the body with its error", async () => {
    async function* failing(): AsyncGenerator<string> {
      yield "a";
      throw new Error("boom");
    }
    await expect(read(sseBody(failing(), 1_000))).rejects.toThrow("boom");
  });
});
