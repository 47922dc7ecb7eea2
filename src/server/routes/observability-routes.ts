import type { FastifyInstance } from "fastify";
import type { Observability } from "../../observability/observability.js";
import type { Account } from "../../pool/account.js";
import type { AppDependencies } from "../app.js";
import { registerAdminOverviewRoute } from "./admin-overview.js";
import { registerAdminRequestsRoutes } from "./admin-requests.js";
import { registerAdminStatsRoute } from "./admin-stats.js";
import { registerMetricsRoute } from "./metrics.js";
import { registerUiRoutes } from "./ui.js";

export interface ObservabilityDependencies {
  room: Observability;
  accounts: () => readonly Account[];
  /** Quota left per account id and model, where the upstream reports it. */
  quotas: () => ReadonlyMap<
    string,
    readonly { model: string; remainingFraction?: number; resetAt?: number }[]
  >;
  /** The model mapping in force. */
  mapping: () => Readonly<Record<string, string>>;
  /** Upstream requests per account id today (UTC), retries included. */
  requestsToday: () => ReadonlyMap<string, number>;
}

/** /metrics, /admin/stats, /admin/requests..., /admin/overview and the dashboard at /ui/. */
export function registerObservabilityRoutes(
  app: FastifyInstance,
  deps: Pick<AppDependencies, "config" | "pool" | "now">,
  observability: ObservabilityDependencies,
): void {
  const { config, now } = deps;
  const room = observability.room;
  registerMetricsRoute(app, config, room.metrics);
  registerAdminStatsRoute(app, { config, observability: room, accounts: observability.accounts, now });
  registerAdminRequestsRoutes(app, { config, observability: room });
  registerAdminOverviewRoute(app, {
    config,
    observability: room,
    status: () => deps.pool.status(),
    quotas: observability.quotas,
    mapping: observability.mapping,
    requestsToday: observability.requestsToday,
    now,
  });
  registerUiRoutes(app, config);
}
