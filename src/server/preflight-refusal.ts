import type { IncomingHttpHeaders } from "node:http";
import { type AgateError, forbidden } from "../errors.js";

/** A CORS preflight (Fetch standard): OPTIONS with Origin and Access-Control-Request-Method. */
export function isPreflight(method: string, headers: IncomingHttpHeaders): boolean {
  return (
    method === "OPTIONS" &&
    headers.origin !== undefined &&
    headers["access-control-request-method"] !== undefined
  );
}

/**
 * The answer to a preflight from an origin not in cors_origins: a 403 without Access-Control-Allow-Origin,
 * which a browser reads as "not allowed" (a 404 "Unknown route: OPTIONS" would send its owner looking for a
 * mis-built URL). The body, shown in the browser's network panel, names the setting.
 */
export const preflightRefused = (): AgateError =>
  forbidden(
    "Cross-origin requests from this origin are not allowed: agate answers browsers only for the origins listed in cors_origins.",
    "cors_origin_not_allowed",
  );
