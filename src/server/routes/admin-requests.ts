import { PassThrough } from "node:stream";
import type { FastifyInstance } from "fastify";
import type { Config } from "../../config/schema.js";
import { invalidRequest, notFound } from "../../errors.js";
import type { Observability } from "../../observability/observability.js";
import { recordToJson } from "../../observability/request-record.js";
import { adminOrCookieGuard } from "./ui-guard.js";

const PING_MS = 15_000;

/**
 * The request log for the dashboard and scripts: GET /admin/requests (newest first, `limit`, `before`
 * cursor), GET /admin/requests/{id} (with the bodies when log_bodies is on), and GET /admin/requests/live,
 * server-sent events: one `request` event per finished request.
 */
export function registerAdminRequestsRoutes(
  app: FastifyInstance,
  deps: { config: Pick<Config, "admin_key">; observability: Observability },
): void {
  const onRequest = adminOrCookieGuard(deps.config);
  const { observability } = deps;

  app.get<{ Querystring: { limit?: string; before?: string } }>(
    "/admin/requests",
    { onRequest },
    async (request) => {
      const limit = boundedInteger(request.query.limit, "limit", 50, 1, 1_000);
      const before =
        request.query.before === undefined
          ? undefined
          : boundedInteger(request.query.before, "before", 0, 1, Number.MAX_SAFE_INTEGER);
      const page = observability.requests(limit, before);
      return {
        object: "list",
        data: page.records.map((record) => recordToJson(record)),
        next: page.next ?? null,
      };
    },
  );

  const live = new Set<PassThrough>();
  app.addHook("preClose", async () => {
    for (const stream of live) stream.end();
  });

  app.get("/admin/requests/live", { onRequest }, async (_request, reply) => {
    const stream = new PassThrough();
    live.add(stream);
    const unsubscribe = observability.feed.subscribe((record) => {
      stream.write(`event: request\ndata: ${JSON.stringify(recordToJson(record))}\n\n`);
    });
    const ping = setInterval(() => stream.write(": ping\n\n"), PING_MS);
    ping.unref();
    const stop = () => {
      unsubscribe();
      clearInterval(ping);
      live.delete(stream);
      stream.end();
    };
    reply.raw.once("close", stop);
    stream.write("retry: 2000\n: connected\n\n");
    return reply
      .header("content-type", "text/event-stream; charset=utf-8")
      .header("cache-control", "no-cache")
      .header("x-accel-buffering", "no")
      .send(stream);
  });

  app.get<{ Params: { id: string } }>("/admin/requests/:id", { onRequest }, async (request) => {
    const record = observability.findRequest(request.params.id);
    if (record === undefined)
      throw notFound(`No request '${request.params.id}' in the request log.`, "request_not_found", "id");
    return recordToJson(record, true);
  });
}

function boundedInteger(
  value: string | undefined,
  param: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined || value === "") return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max)
    throw invalidRequest(`'${param}' must be an integer from ${min} to ${max}.`, param);
  return number;
}
