import type { Account, AccountKind } from "../pool/account.js";
import type { QuotaRecord } from "../store/account-activity-repository.js";
import type { CooldownRecord } from "../store/cooldowns-repository.js";
import { fingerprintOf } from "./fingerprint.js";

/**
 * One account as `agate accounts list --json` and the admin API show it: its state, cool-downs, requests
 * today and quota, and never a secret — the key or token is only a fingerprint, a proxy's password masked.
 */
export interface AccountView {
  id: string;
  object: "account";
  kind: AccountKind;
  label: string;
  email: string | null;
  /** config / env: declared there (remove it there); store: added by the CLI, the admin API or an import. */
  source: Account["source"];
  enabled: boolean;
  state: "active" | "cooling" | "disabled";
  disabled_reason: string | null;
  /** Cool-downs in force; model null means the whole account. */
  cooldowns: { model: string | null; until: string; reason: string }[];
  /** Upstream requests (attempts) sent to the account today, UTC. */
  requests_today: number;
  /** Per model, as the upstream last reported it (Cloud Code); empty when unknown. */
  quota: { model: string; remaining_fraction: number | null; reset_at: string | null }[];
  base_url: string | null;
  base_urls: string[] | null;
  project_id: string | null;
  proxy_url: string | null;
  max_concurrent: number | null;
  models: string[] | null;
  fingerprint: string;
  /** Requests in flight now (only a running gateway knows). */
  in_flight?: number;
}

export interface AccountFacts {
  cooldowns: readonly CooldownRecord[];
  requestsToday: number;
  quota: readonly QuotaRecord[];
  now: number;
  /** The Cloud Code project agate discovered, when the account declares none. */
  discoveredProject?: string;
  inFlight?: number;
}

export function accountView(account: Account, facts: AccountFacts): AccountView {
  const cooldowns = facts.cooldowns
    .filter((record) => record.accountId === account.id && record.until > facts.now)
    .sort((a, b) => a.until - b.until)
    .map((record) => ({
      model: record.model === "" ? null : record.model,
      until: new Date(record.until).toISOString(),
      reason: record.reason,
    }));
  const off = !account.enabled || account.disabledReason !== undefined;
  return {
    id: account.id,
    object: "account",
    kind: account.kind,
    label: account.label,
    email: account.email ?? null,
    source: account.source,
    enabled: account.enabled,
    state: off ? "disabled" : cooldowns.length > 0 ? "cooling" : "active",
    disabled_reason: account.disabledReason ?? (account.enabled ? null : offReason(account)),
    cooldowns,
    requests_today: facts.requestsToday,
    quota: facts.quota.map((record) => ({
      model: record.model,
      remaining_fraction: record.remainingFraction ?? null,
      reset_at: record.resetAt === undefined ? null : new Date(record.resetAt).toISOString(),
    })),
    base_url: account.baseUrl ?? null,
    base_urls: account.baseUrls ?? null,
    project_id: account.projectId ?? facts.discoveredProject ?? null,
    proxy_url: account.proxyUrl === undefined ? null : maskProxy(account.proxyUrl),
    max_concurrent: account.maxConcurrent ?? null,
    models: account.models ?? null,
    fingerprint: fingerprintOf(account),
    ...(facts.inFlight === undefined ? {} : { in_flight: facts.inFlight }),
  };
}

function offReason(account: Account): string {
  return account.source === "store" ? "added with enabled: false" : "enabled: false in the config file";
}

/** A proxy URL with any user name and password replaced by `****`. */
export function maskProxy(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === "" && parsed.password === "") return url;
    parsed.username = "****";
    parsed.password = "";
    return parsed.toString();
  } catch {
    return "****";
  }
}
