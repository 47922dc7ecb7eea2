import type { FastifyInstance } from "fastify";
import type { Config } from "../../config/schema.js";
import type { Observability } from "../../observability/observability.js";
import { statsToJson } from "../../observability/stats-json.js";
import { parseStatsQuery, type StatsQueryInput } from "../../observability/stats-query.js";
import type { Account } from "../../pool/account.js";
import { adminOrCookieGuard } from "./ui-guard.js";

/**
 * GET /admin/stats?from=&to=&group_by=: usage (requests, errors, tokens, mean latency) per hour or day, per
 * account and/or upstream model, from the hourly roll-ups.
 */
export function registerAdminStatsRoute(
  app: FastifyInstance,
  deps: {
    config: Pick<Config, "admin_key">;
    observability: Observability;
    accounts: () => readonly Account[];
    now: () => number;
  },
): void {
  app.get<{ Querystring: StatsQueryInput }>(
    "/admin/stats",
    { onRequest: adminOrCookieGuard(deps.config) },
    async (request) => {
      const query = parseStatsQuery(request.query, deps.now());
      const labels = new Map(deps.accounts().map((account) => [account.id, account.label]));
      return statsToJson(query, deps.observability.stats(query), (id) => labels.get(id));
    },
  );
}
