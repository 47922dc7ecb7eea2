import type { FastifyInstance } from "fastify";
import type { Config } from "../../config/schema.js";
import { accountState } from "../../observability/account-state.js";
import type { Observability } from "../../observability/observability.js";
import { countsToJson } from "../../observability/stats-json.js";
import { DAY_MS, startOf } from "../../observability/usage-rollup.js";
import type { PoolStatus } from "../../pool/pool-support.js";
import { VERSION } from "../../version.js";
import { connectInfo } from "./connect-info.js";
import { adminOrCookieGuard } from "./ui-guard.js";

export interface OverviewDependencies {
  config: Config;
  observability: Observability;
  status: () => PoolStatus[];
  /** Quota left per account id and model, where the upstream reports it. */
  quotas: () => ReadonlyMap<
    string,
    readonly { model: string; remainingFraction?: number; resetAt?: number }[]
  >;
  /** The model mapping in force (it may change at run time). */
  mapping: () => Readonly<Record<string, string>>;
  /** Upstream requests per account id today (UTC): the count `agate accounts list` shows. */
  requestsToday: () => ReadonlyMap<string, number>;
  now: () => number;
}

/**
 * GET /admin/overview: what the dashboard's first screen needs in one call — every account with its state,
 * cool-downs, quota and requests today; today's totals; the model mapping and aliases; how to connect.
 */
export function registerAdminOverviewRoute(app: FastifyInstance, deps: OverviewDependencies): void {
  app.get("/admin/overview", { onRequest: adminOrCookieGuard(deps.config) }, async () => {
    const now = deps.now();
    const today = { from: startOf(now, "day"), to: startOf(now, "day") + DAY_MS };
    const byAccount = deps.observability.stats({ ...today, grouping: { period: "day", by: ["account"] } });
    const requestsToday = deps.requestsToday();
    const quotas = deps.quotas();
    const address = app.server.address();
    const port = typeof address === "object" && address !== null ? address.port : deps.config.port;
    return {
      object: "overview",
      version: VERSION,
      now: new Date(now).toISOString(),
      accounts: deps.status().map((status) => ({
        id: status.id,
        label: status.label,
        kind: status.kind,
        enabled: status.enabled,
        state: accountState(status, now),
        disabled_reason: status.disabledReason ?? null,
        in_flight: status.inFlight,
        cooldowns: status.cooldowns
          .filter((cooldown) => cooldown.until > now)
          .sort((a, b) => a.until - b.until)
          .map((cooldown) => ({
            model: cooldown.model === "" ? null : cooldown.model,
            until: new Date(cooldown.until).toISOString(),
            remaining_ms: cooldown.until - now,
            reason: cooldown.reason,
          })),
        quota: (quotas.get(status.id) ?? []).map((quota) => ({
          model: quota.model,
          remaining_fraction: quota.remainingFraction ?? null,
          reset_at: quota.resetAt === undefined ? null : new Date(quota.resetAt).toISOString(),
        })),
        requests_today: requestsToday.get(status.id) ?? 0,
      })),
      today: countsToJson(byAccount.total),
      model_mapping: deps.mapping(),
      model_aliases: deps.config.model_aliases,
      connect: connectInfo(deps.config, port),
      log_bodies: deps.config.log_bodies,
    };
  });
}
