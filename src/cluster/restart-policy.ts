/** When a worker that died unexpectedly is started again, and when the primary stops trying. */
export interface RestartPolicy {
  /** Crashes counted are those within this window. */
  windowMs: number;
  /** This many crashes within the window is a crash loop: give up. */
  maxCrashes: number;
  /** Wait before the first restart; doubles with each recent crash. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const RESTART_POLICY: RestartPolicy = {
  windowMs: 60_000,
  maxCrashes: 5,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
};

export type RestartDecision = { giveUp: true; recent: number } | { giveUp: false; delayMs: number };

/** Given the times of the crashes so far (this one included, at `now`), restart after a delay or give up. */
export function nextRestart(
  crashTimes: readonly number[],
  now: number,
  policy: RestartPolicy = RESTART_POLICY,
): RestartDecision {
  const recent = crashTimes.filter((time) => now - time < policy.windowMs).length;
  if (recent >= policy.maxCrashes) return { giveUp: true, recent };
  const delayMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, recent - 1));
  return { giveUp: false, delayMs };
}
