import { AgateError } from "../errors.js";
import type { CooldownRecord } from "../store/cooldowns-repository.js";
import type { Account } from "./account.js";
import type { FailureClass } from "./classify.js";

/** Every account that could serve the model has as many requests in flight as it may; a slot did not free in time. */
export const allAccountsBusy = (model: string) =>
  new AgateError(
    `Every account that can serve '${model}' is at its concurrency limit (max_concurrent); retry in a moment or add accounts.`,
    { status: 429, type: "rate_limit_error", code: "all_accounts_busy", retryAfterSeconds: 1 },
  );

/** The upstream refused an access token on the last attempt allowed: it was renewed, a new request will use it. */
export const tokenRenewedTooLate = (model: string, cause: Error) =>
  new AgateError(
    `The upstream refused the account's access token for '${model}'; agate renewed it, but max_attempts ran out ` +
      "before it could try again: retry the request.",
    { status: 503, type: "server_error", code: "upstream_auth_failed", retryAfterSeconds: 1, cause },
  );

/** What a cool-down's reason says after "is", for the answer when every account rests. */
const RESTING_FOR: ReadonlyMap<string, string> = new Map<FailureClass, string>([
  ["rate-limit", "rate limited"],
  ["quota-exhausted", "out of quota"],
  ["capacity", "out of upstream capacity"],
  ["transient", "resting after upstream failures"],
  ["unauthorized", "resting after the upstream refused its credentials (401 unauthorized)"],
  ["forbidden", "resting after the upstream refused it the model (403 forbidden)"],
  ["revoked", "resting after its refresh token was refused"],
]);

/** Why the accounts rest, in words, from the reasons of their cool-downs ("resting" when none says). */
export function restingFor(reasons: readonly string[]): string {
  const words = new Set(reasons.map((reason) => RESTING_FOR.get(reason) ?? "resting"));
  return words.size === 0 ? "resting" : [...words].join(" or ");
}

/** Accounts are configured, but every one is off (revoked credentials, or turned off by hand): say which and why. */
export const accountsTurnedOff = (accounts: readonly Account[]) => {
  const reasons = accounts.map(
    (account) => `${account.label}: ${account.disabledReason ?? "turned off (enabled: false)"}`,
  );
  return new AgateError(
    `No account can take requests, every one is turned off (${reasons.join("; ")}). ` +
      "Turn one on (`agate accounts enable <id>`), sign it in again, or add accounts.",
    { status: 503, type: "server_error", code: "no_accounts", clientRetry: false },
  );
};

/** One account as a status display shows it: never its secrets. */
export interface PoolStatus {
  id: string;
  label: string;
  kind: Account["kind"];
  enabled: boolean;
  disabledReason?: string;
  inFlight: number;
  /** Cool-downs in force; model "" means the whole account. */
  cooldowns: { model: string; until: number; reason: string }[];
}

export function statusOf(
  accounts: readonly Account[],
  cooldowns: readonly CooldownRecord[],
  inFlight: (accountId: string) => number,
): PoolStatus[] {
  return accounts.map((account) => ({
    id: account.id,
    label: account.label,
    kind: account.kind,
    enabled: account.enabled,
    ...(account.disabledReason === undefined ? {} : { disabledReason: account.disabledReason }),
    inFlight: inFlight(account.id),
    cooldowns: cooldowns
      .filter((record) => record.accountId === account.id)
      .map(({ model, until, reason }) => ({ model, until, reason })),
  }));
}
