import type { FastifyInstance } from "fastify";
import type { Config } from "../../config/schema.js";
import type { GatewayMetrics } from "../../observability/metrics.js";
import { adminGuard } from "../admin-auth.js";

/** GET /metrics: the Prometheus text format; guarded like the admin API unless metrics_public is on. */
export function registerMetricsRoute(
  app: FastifyInstance,
  config: Pick<Config, "admin_key" | "metrics_public">,
  metrics: GatewayMetrics,
): void {
  app.get(
    "/metrics",
    { onRequest: config.metrics_public ? [] : [adminGuard(config)] },
    async (_request, reply) => {
      const text = await metrics.render();
      return reply.header("content-type", metrics.contentType).header("cache-control", "no-store").send(text);
    },
  );
}
