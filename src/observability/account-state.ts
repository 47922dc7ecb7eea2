import type { PoolStatus } from "../pool/pool-support.js";

export type AccountState = "up" | "cooling" | "disabled";

export const ACCOUNT_STATES: readonly AccountState[] = ["up", "cooling", "disabled"];

/**
 * An account as a display sums it up: disabled (by its owner, or turned off by agate), cooling (resting,
 * for every model or for some), else up.
 */
export function accountState(status: PoolStatus, now: number): AccountState {
  if (!status.enabled || status.disabledReason !== undefined) return "disabled";
  return status.cooldowns.some((cooldown) => cooldown.until > now) ? "cooling" : "up";
}
