import { randomBytes } from "node:crypto";
import { codeFromRedirect, startLoopbackRedirect } from "./loopback-redirect.js";
import { authorizationUrl, newPkce } from "./pkce.js";

export interface SignInOptions {
  authUrl: string;
  tokenUrl: string;
  userinfoUrl: string;
  clientId: string;
  clientSecret?: string;
  /** Port of the loopback redirect; default a free one. */
  port?: number;
  timeoutMs: number;
  /** Shows the consent URL to the user (prints it, opens a browser where there is one). */
  show: (url: string, redirectUri: string) => void;
  /** The URL the browser ended on, pasted by the user when the browser runs on another machine. */
  pasted?: Promise<string>;
  now: () => number;
  random?: (size: number) => Buffer;
}

export interface SignedIn {
  email: string;
  refreshToken: string;
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/**
 * Google sign-in for a cloudcode account (upstreams.md §C): the authorization-code flow with PKCE and a
 * loopback redirect, then the code exchanged for tokens and the email read from userinfo. Messages never
 * hold a code, token or secret.
 */
export async function signInWithGoogle(options: SignInOptions): Promise<SignedIn> {
  const random = options.random ?? randomBytes;
  const state = random(16).toString("base64url");
  const pkce = newPkce(random);
  const redirect = await startLoopbackRedirect(state, options.port ?? 0);
  let timer: NodeJS.Timeout | undefined;
  try {
    options.show(
      authorizationUrl({
        authUrl: options.authUrl,
        clientId: options.clientId,
        redirectUri: redirect.redirectUri,
        state,
        challenge: pkce.challenge,
      }),
      redirect.redirectUri,
    );
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `No sign-in came back within ${Math.round(options.timeoutMs / 1000)} s; run \`agate accounts login\` again.`,
            ),
          ),
        options.timeoutMs,
      );
    });
    const pasted = options.pasted?.then((text) => {
      const outcome = codeFromRedirect(parsePasted(text), state);
      if (outcome instanceof Error) throw outcome;
      return outcome;
    });
    const code = await Promise.race([redirect.code, timeout, ...(pasted === undefined ? [] : [pasted])]);
    const tokens = await exchangeCode(options, code, redirect.redirectUri, pkce.verifier);
    const email = await readEmail(options.userinfoUrl, tokens.accessToken);
    return { email, ...tokens };
  } finally {
    clearTimeout(timer);
    await redirect.close();
  }
}

function parsePasted(text: string): URL {
  try {
    return new URL(text.trim());
  } catch {
    return new URL("http://127.0.0.1/?error=not_a_url");
  }
}

async function exchangeCode(
  options: SignInOptions,
  code: string,
  redirectUri: string,
  verifier: string,
): Promise<Omit<SignedIn, "email">> {
  const form = new URLSearchParams({
    grant_type: "authorization_code",
    code,
    redirect_uri: redirectUri,
    client_id: options.clientId,
    code_verifier: verifier,
  });
  if (options.clientSecret !== undefined) form.set("client_secret", options.clientSecret);
  const body = await postForm(options.tokenUrl, form);
  if (!body.ok) {
    const error = typeof body.json?.error === "string" ? body.json.error : `HTTP ${body.status}`;
    const description =
      typeof body.json?.error_description === "string" ? `: ${body.json.error_description}` : "";
    throw new Error(`Google refused to exchange the sign-in code (${error}${description}).`);
  }
  const accessToken = body.json?.access_token;
  const refreshToken = body.json?.refresh_token;
  if (typeof accessToken !== "string" || accessToken === "")
    throw new Error("Google's token endpoint answered without an access token.");
  if (typeof refreshToken !== "string" || refreshToken === "")
    throw new Error(
      "Google gave no refresh token (it gives one only with consent); remove agate's access at " +
        "https://myaccount.google.com/permissions and sign in again.",
    );
  const lifetime = typeof body.json?.expires_in === "number" ? body.json.expires_in : 3_600;
  return { accessToken, refreshToken, expiresAt: options.now() + lifetime * 1000 };
}

async function readEmail(userinfoUrl: string, accessToken: string): Promise<string> {
  const response = await fetch(userinfoUrl, {
    headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
    signal: AbortSignal.timeout(30_000),
  });
  const json = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  const email = json?.email;
  if (!response.ok || typeof email !== "string" || email === "")
    throw new Error(
      `Could not read the signed-in account's email (userinfo answered HTTP ${response.status}).`,
    );
  return email;
}

async function postForm(
  url: string,
  form: URLSearchParams,
): Promise<{ ok: boolean; status: number; json: Record<string, unknown> | undefined }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: form.toString(),
    signal: AbortSignal.timeout(30_000),
  });
  const json = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  return { ok: response.ok, status: response.status, json };
}
