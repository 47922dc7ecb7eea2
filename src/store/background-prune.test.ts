import { afterEach, describe, expect, it, vi } from "vitest";
import { BackgroundPrune } from "./background-prune.js";

/** A table of `rows` rows, deleted `chunk` at a time; `steps` counts the calls. */
function table(rows: number) {
  const state = { rows, steps: 0, errors: [] as unknown[] };
  const step = (chunk: number) => {
    state.steps++;
    const count = Math.min(chunk, state.rows);
    state.rows -= count;
    return count;
  };
  return { state, step, onError: (error: unknown) => state.errors.push(error) };
}

describe("BackgroundPrune", () => {
  it("deletes chunk after chunk until a chunk comes back short, the event loop running between them", async () => {
    const { state, step, onError } = table(1_050);
    const prune = new BackgroundPrune({ step, chunk: 100, intervalMs: 60_000, onError });
    let turns = 0;
    const counter = () => {
      turns++;
      if (state.rows > 0) setImmediate(counter);
    };
    setImmediate(counter);
    expect(await prune.run()).toBe(1_050);
    expect(state.steps).toBe(11);
    expect(turns).toBeGreaterThan(5);
  });

  it("runs `before` once per prune, before the steps", async () => {
    const calls: string[] = [];
    const prune = new BackgroundPrune({
      before: () => calls.push("before"),
      step: () => {
        calls.push("step");
        return 0;
      },
      chunk: 10,
      intervalMs: 60_000,
      onError: () => {},
    });
    await prune.run();
    await prune.run();
    expect(calls).toEqual(["before", "step", "before", "step"]);
  });

  it("one prune at a time: asked again while one runs, it answers with that one's count", async () => {
    const { state, step, onError } = table(300);
    const prune = new BackgroundPrune({ step, chunk: 100, intervalMs: 60_000, onError });
    const [first, second] = await Promise.all([prune.run(), prune.run()]);
    expect([first, second]).toEqual([300, 300]);
    expect(state.steps).toBe(4);
  });

  it("stopped, it ends after the chunk it is in, and starts no other", async () => {
    const { state, step, onError } = table(1_000);
    const prune = new BackgroundPrune({ step, chunk: 100, intervalMs: 60_000, onError });
    const running = prune.run();
    prune.stop();
    expect(await running).toBe(100);
    expect(await prune.run()).toBe(0);
    expect(state.rows).toBe(900);
  });

  it("an error goes to onError; the prune resolves with what it deleted before", async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const prune = new BackgroundPrune({
      step: () => {
        if (++calls === 3) throw new Error("database is locked");
        return 10;
      },
      chunk: 10,
      intervalMs: 60_000,
      onError: (error) => errors.push(error),
    });
    expect(await prune.run()).toBe(20);
    expect(String(errors[0])).toContain("database is locked");
  });

  describe("when it runs by itself", () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    /** The times (ms after start) at which a started prune ran in the first `untilMs`. */
    async function runTimes(firstAfterMs: number, intervalMs: number, untilMs: number): Promise<number[]> {
      vi.useFakeTimers();
      const times: number[] = [];
      const prune = new BackgroundPrune({
        step: () => {
          times.push(Date.now());
          return 0;
        },
        chunk: 10,
        intervalMs,
        firstAfterMs,
        onError: () => {},
      });
      const start = Date.now();
      prune.start();
      await vi.advanceTimersByTimeAsync(untilMs);
      prune.stop();
      return times.map((time) => time - start);
    }

    it("every interval counted from its first run: one started a minute later stays a minute behind", async () => {
      // free-pages.ts gives back, a minute after each prune (every ten minutes), what the prune freed.
      expect(await runTimes(60_000, 600_000, 1_900_000)).toEqual([60_000, 660_000, 1_260_000, 1_860_000]);
    });

    it("stopped before its first run, it never runs", () => {
      vi.useFakeTimers();
      let steps = 0;
      const prune = new BackgroundPrune({
        step: () => {
          steps++;
          return 0;
        },
        chunk: 10,
        intervalMs: 1_000,
        onError: () => {},
      });
      prune.start();
      prune.stop();
      vi.advanceTimersByTime(10_000);
      expect(steps).toBe(0);
    });
  });
});
