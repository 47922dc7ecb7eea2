import type { FastifyRequest } from "fastify";
import type { Config } from "../config/schema.js";
import { forbidden, invalidApiKey } from "../errors.js";
import { ApiKeyChecker } from "./auth.js";
import { isLoopbackAddress } from "./host-guard.js";

const BEARER = /^bearer\s+(.+)$/i;

/** Headers a proxy adds for the client it relays. */
const PROXY_HEADERS = ["x-forwarded-for", "forwarded", "x-real-ip"] as const;

/**
 * The guard for everything administrative (/admin/*, /metrics, /ui): with `admin_key` set, that key is
 * required (Authorization: Bearer or x-admin-key), separate from client api_keys; without one, only
 * requests from this machine (loopback, and not relayed by a proxy) get in. Use as a route's onRequest /
 * preHandler hook.
 */
export function adminGuard(config: Pick<Config, "admin_key">): (request: FastifyRequest) => Promise<void> {
  const adminKey = config.admin_key;
  const checker = adminKey === undefined ? undefined : new ApiKeyChecker([adminKey]);
  return async (request) => {
    if (checker === undefined) {
      if (!isLoopbackAddress(request.socket.remoteAddress ?? "")) {
        throw forbidden(
          "The admin API is reachable from this machine only; set admin_key to use it from elsewhere.",
          "admin_loopback_only",
        );
      }
      // A reverse proxy or tunnel on this machine (nginx, Caddy, cloudflared) connects from loopback for
      // anyone who reaches it; it says so in a forwarding header.
      if (PROXY_HEADERS.some((name) => request.headers[name] !== undefined)) {
        throw forbidden(
          "The admin API is reachable from this machine only, and this request came through a proxy; set admin_key to use it through one.",
          "admin_loopback_only",
        );
      }
      return;
    }
    const presented = adminKeyOf(request);
    if (presented === undefined || !checker.matches(presented)) {
      throw invalidApiKey(
        "The admin API needs admin_key: send it as 'Authorization: Bearer <admin_key>' or x-admin-key.",
      );
    }
  };
}

function adminKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers["x-admin-key"];
  const direct = Array.isArray(header) ? header[0] : header;
  if (direct !== undefined && direct !== "") return direct;
  return BEARER.exec(request.headers.authorization?.trim() ?? "")?.[1]?.trim();
}
