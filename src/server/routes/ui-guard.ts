import { randomBytes } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../config/schema.js";
import { adminGuard } from "../admin-auth.js";
import { ApiKeyChecker } from "../auth.js";

/** The cookie the dashboard's sign-in page sets with the admin key (only when admin_key is configured). */
export const ADMIN_COOKIE = "agate_admin_key";

/**
 * The admin guard, plus the dashboard's cookie: a browser cannot put x-admin-key on a page load or an
 * EventSource, so with admin_key set the dashboard's pages and its read-only data routes also accept the key
 * from the `agate_admin_key` cookie (SameSite=Strict). Routes that change something keep the plain admin
 * guard: the page's script sends x-admin-key to them.
 */
export function adminOrCookieGuard(
  config: Pick<Config, "admin_key">,
): (request: FastifyRequest) => Promise<void> {
  const guard = adminGuard(config);
  const checker = config.admin_key === undefined ? undefined : new ApiKeyChecker([config.admin_key]);
  return async (request) => {
    if (checker !== undefined) {
      const cookie = cookieValue(request.headers.cookie, ADMIN_COOKIE);
      if (cookie !== undefined && checker.matches(cookie)) return;
    }
    await guard(request);
  };
}

/** For the dashboard's pages: a refused browser gets the sign-in page instead of a JSON error. */
export function dashboardGuard(
  config: Pick<Config, "admin_key">,
): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined> {
  const guard = adminOrCookieGuard(config);
  return async (request, reply) => {
    try {
      await guard(request);
      return undefined;
    } catch (error) {
      const wantsPage =
        config.admin_key !== undefined && (request.headers.accept ?? "").includes("text/html");
      if (!wantsPage) throw error;
      const nonce = randomNonce();
      const rejected = cookieValue(request.headers.cookie, ADMIN_COOKIE) !== undefined;
      return reply
        .code(401)
        .header("content-type", "text/html; charset=utf-8")
        .header("cache-control", "no-store")
        .header(
          "content-security-policy",
          `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'`,
        )
        .send(signInPage(nonce, rejected));
    }
  };
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(";")) {
    const separator = part.indexOf("=");
    if (separator === -1 || part.slice(0, separator).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(separator + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function randomNonce(): string {
  return randomBytes(16).toString("base64");
}

/** `rejected`: the browser sent a key that is not admin_key (mistyped, or changed since). */
function signInPage(nonce: string, rejected: boolean): string {
  const notice = rejected
    ? '<p class="error" role="alert">That key was not accepted: check admin_key and try again.</p>'
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>agate — sign in</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="${nonce}">
body{font:16px/1.5 system-ui,sans-serif;background:#f5f6f8;color:#1d2330;display:grid;place-items:center;min-height:100vh;margin:0}
form{background:#fff;padding:2rem;border-radius:10px;box-shadow:0 2px 12px #0001;width:min(24rem,90vw)}
h1{font-size:1.3rem;margin:0 0 .5rem}p{color:#5b6475;margin:0 0 1rem}
input{width:100%;box-sizing:border-box;padding:.6rem;font:inherit;border:1px solid #c8ceda;border-radius:6px}
.error{color:#b42318}button{margin-top:1rem;padding:.6rem 1.2rem;font:inherit;background:#2f5bd3;color:#fff;border:0;border-radius:6px;cursor:pointer}
</style></head><body>
<form id="sign-in"><h1>agate dashboard</h1><p>Enter the admin key (<code>admin_key</code> in agate's configuration).</p>
${notice}<input id="key" type="password" autocomplete="current-password" aria-label="Admin key" required autofocus>
<button type="submit">Sign in</button></form>
<script nonce="${nonce}">
document.getElementById("sign-in").addEventListener("submit", function (event) {
  event.preventDefault();
  document.cookie = "${ADMIN_COOKIE}=" + encodeURIComponent(document.getElementById("key").value) + "; path=/; SameSite=Strict";
  location.reload();
});
</script></body></html>`;
}
