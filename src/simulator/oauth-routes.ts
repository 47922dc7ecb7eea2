import { type Exchange, sendGoogleError } from "./exchange.js";
import { methodNotFound, unauthenticatedError } from "./google-error.js";
import { bearerToken, isObject, sendJson } from "./http-io.js";
import {
  accessTokenLifetimeSeconds,
  autoRefreshTokenPrefix,
  type SimAccount,
  shortHash,
} from "./oauth-tokens.js";

/** Google OAuth (upstreams.md §C): the token endpoint and userinfo. */

const scope = [
  "https://www.googleapis.com/auth/cloud-platform",
  "https://www.googleapis.com/auth/userinfo.email",
  "https://www.googleapis.com/auth/userinfo.profile",
  "openid",
].join(" ");

/** `sim-code-<name>` authorization codes sign in as `sim-refresh-<name>`. */
const autoCodePrefix = "sim-code-";

const noStore = { "cache-control": "no-cache, no-store, max-age=0, must-revalidate", pragma: "no-cache" };

export async function handleOAuth(exchange: Exchange): Promise<void> {
  if (exchange.route.operation === "token") return grantToken(exchange);
  if (exchange.route.operation === "userinfo") return userInfo(exchange);
  return sendGoogleError(exchange, methodNotFound());
}

function grantToken(exchange: Exchange): void {
  const form = isObject(exchange.body) ? exchange.body : {};
  const field = (name: string): string | undefined =>
    typeof form[name] === "string" ? form[name] : undefined;
  const grantType = field("grant_type");
  const { tokens } = exchange.state;
  if (grantType === "refresh_token") {
    const refreshToken = field("refresh_token");
    if (refreshToken === undefined) {
      oauthError(exchange, "invalid_request", "Missing required parameter: refresh_token");
    } else {
      issue(exchange, tokens.findAccount(refreshToken), false);
    }
  } else if (grantType === "authorization_code") {
    const code = field("code") ?? "";
    const named = code.startsWith(autoCodePrefix) ? code.slice(autoCodePrefix.length) : "";
    issue(exchange, named === "" ? undefined : tokens.findAccount(autoRefreshTokenPrefix + named), true);
  } else {
    oauthError(exchange, "unsupported_grant_type", `Invalid grant_type: ${grantType ?? ""}`);
  }
}

function issue(exchange: Exchange, account: SimAccount | undefined, withRefreshToken: boolean): void {
  if (account === undefined || account.invalid) {
    const description = withRefreshToken ? "Malformed auth code." : "Token has been expired or revoked.";
    oauthError(exchange, "invalid_grant", description);
    return;
  }
  const body = {
    access_token: exchange.state.tokens.issueAccessToken(account),
    expires_in: accessTokenLifetimeSeconds,
    ...(withRefreshToken ? { refresh_token: account.refreshToken } : {}),
    scope,
    token_type: "Bearer",
  };
  sendJson(exchange.response, 200, body, noStore);
}

function oauthError(exchange: Exchange, error: string, description: string): void {
  sendJson(exchange.response, 400, { error, error_description: description }, noStore);
}

function userInfo(exchange: Exchange): void {
  const access = exchange.state.tokens.check(bearerToken(exchange.headers.authorization));
  if (!access.ok) {
    sendGoogleError(exchange, unauthenticatedError(access.reason));
    return;
  }
  const { email } = access.account;
  const id = String(Number.parseInt(shortHash(email).slice(0, 10), 16) + 100_000_000_000_000);
  sendJson(exchange.response, 200, { id, email, verified_email: true });
}
