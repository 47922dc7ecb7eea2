import { vi } from "vitest";
import { WarnOnce } from "../../src/server/warn-once.js";

/** The once-said warnings agate logs (at warn the first time, then at debug) while `run` runs. */
export async function warningsDuring(run: () => Promise<unknown>): Promise<string[]> {
  const spy = vi.spyOn(WarnOnce.prototype, "warn");
  try {
    await run();
    return spy.mock.calls.map(([, message]) => message);
  } finally {
    spy.mockRestore();
  }
}
