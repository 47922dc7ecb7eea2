import type { IncomingHttpHeaders } from "node:http";
import { forbidden } from "../errors.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Against cross-site request forgery on the admin API: a page on another site can make a browser send a
 * POST with no body and no preflight (`fetch(url, {method: "POST", mode: "no-cors"})`), which the loopback
 * rule alone would let in. A change is refused when the browser says it comes from another origin
 * (`Sec-Fetch-Site`, else an `Origin` naming another host), unless that origin is listed in cors_origins.
 * Requests without either header (curl, scripts, the CLI) are not a browser's and pass.
 */
export function assertNotCrossOrigin(
  method: string,
  headers: IncomingHttpHeaders,
  corsOrigins: readonly string[],
): void {
  if (SAFE_METHODS.has(method)) return;
  const origin = headers.origin;
  if (origin !== undefined && corsOrigins.includes(origin)) return;
  const site = headers["sec-fetch-site"];
  const crossOrigin =
    site !== undefined
      ? site !== "same-origin" && site !== "none"
      : origin !== undefined && hostOf(origin) !== headers.host?.toLowerCase();
  if (crossOrigin) {
    throw forbidden(
      "The admin API refuses changes sent by another site's page. Use the dashboard served by agate, " +
        "a tool that is not a browser, or list the page's origin in cors_origins.",
      "cross_origin_refused",
    );
  }
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return undefined;
  }
}
