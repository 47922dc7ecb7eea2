import { describe, expect, it } from "vitest";
import { nextRestart, type RestartPolicy } from "./restart-policy.js";

const policy: RestartPolicy = { windowMs: 60_000, maxCrashes: 3, baseDelayMs: 100, maxDelayMs: 250 };

describe("nextRestart", () => {
  it("restarts a first crash after the base delay", () => {
    expect(nextRestart([1_000], 1_000, policy)).toEqual({ giveUp: false, delayMs: 100 });
  });

  it("doubles the delay with each recent crash, up to the cap", () => {
    expect(nextRestart([1_000, 2_000], 2_000, policy)).toEqual({ giveUp: false, delayMs: 200 });
    const looser = { ...policy, maxCrashes: 10 };
    expect(nextRestart([1, 2, 3, 4], 4, looser)).toEqual({ giveUp: false, delayMs: 250 });
  });

  it("forgets crashes older than the window", () => {
    expect(nextRestart([0, 1_000, 70_000], 70_000, policy)).toEqual({ giveUp: false, delayMs: 100 });
  });

  it("gives up on a crash loop", () => {
    expect(nextRestart([1_000, 2_000, 3_000], 3_000, policy)).toEqual({ giveUp: true, recent: 3 });
  });
});
