import type { Dispatcher } from "undici";
import { toUpstreamError } from "../send-request.js";
import { callUpstream, type UpstreamResponse } from "../upstream-call.js";
import { UpstreamError } from "../upstream-error.js";

export interface OAuthClientConfig {
  tokenUrl: string;
  clientId: string;
  clientSecret?: string;
}

export interface AccessToken {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** Google's answer when the access token's lifetime is missing. */
const DEFAULT_LIFETIME_S = 3_600;

/**
 * Exchanges a refresh token for an access token (upstreams.md §C). A refusal becomes an UpstreamError
 * carrying the OAuth error (`invalid_grant`: the refresh token is dead); the refresh token never appears in
 * an error or a URL.
 */
export async function refreshAccessToken(
  dispatcher: Dispatcher,
  client: OAuthClientConfig,
  refreshToken: string,
  now: number,
  signal: AbortSignal,
): Promise<AccessToken> {
  const form = new URLSearchParams({
    client_id: client.clientId,
    refresh_token: refreshToken,
    grant_type: "refresh_token",
  });
  if (client.clientSecret !== undefined) form.set("client_secret", client.clientSecret);
  const url = new URL(client.tokenUrl);
  let response: UpstreamResponse;
  let text: string;
  try {
    response = await callUpstream(dispatcher, {
      origin: url.origin,
      path: url.pathname + url.search,
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: form.toString(),
      signal,
    });
    text = await response.body.text();
  } catch (error) {
    throw toUpstreamError(error, signal);
  }
  const body = parseObject(text);
  if (response.statusCode >= 300) throw refusal(response.statusCode, body, text);
  const accessToken = body?.access_token;
  if (typeof accessToken !== "string" || accessToken === "") {
    throw new UpstreamError("the OAuth token endpoint answered without an access_token", {
      kind: "malformed",
      status: response.statusCode,
    });
  }
  const lifetime = typeof body?.expires_in === "number" ? body.expires_in : DEFAULT_LIFETIME_S;
  return { accessToken, expiresAt: now + lifetime * 1000 };
}

/** What to do about refusals that are the OAuth client's, not the account's (the user's configuration). */
const CLIENT_HINTS: Readonly<Record<string, string>> = {
  unauthorized_client:
    "the refresh token was issued to another OAuth client than oauth_client_id: set oauth_client_id and " +
    "oauth_client_secret to that client's (a Gemini CLI token needs the Gemini CLI's), or sign in with `agate accounts login`",
  invalid_client: "check oauth_client_id and oauth_client_secret",
};

function refusal(status: number, body: Record<string, unknown> | undefined, text: string): UpstreamError {
  const error = typeof body?.error === "string" ? body.error : undefined;
  const description = typeof body?.error_description === "string" ? body.error_description : undefined;
  const hint = error === undefined ? undefined : CLIENT_HINTS[error];
  const message = `the OAuth token endpoint refused the refresh (HTTP ${status}${error ? `, ${error}` : ""})${
    description ? `: ${description}` : ""
  }${hint === undefined ? "" : `; ${hint}`}`;
  return new UpstreamError(message, {
    kind: "http",
    status,
    rawBody: text.slice(0, 1024),
    ...(error === undefined ? {} : { oauth: description === undefined ? { error } : { error, description } }),
  });
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
