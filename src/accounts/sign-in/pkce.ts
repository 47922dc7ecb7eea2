import { createHash, randomBytes } from "node:crypto";

/** Proof Key for Code Exchange (RFC 7636): the verifier stays here, its S256 challenge goes to Google. */
export interface Pkce {
  verifier: string;
  challenge: string;
}

export function newPkce(random: (size: number) => Buffer = randomBytes): Pkce {
  const verifier = random(32).toString("base64url");
  return { verifier, challenge: challengeOf(verifier) };
}

export const challengeOf = (verifier: string): string =>
  createHash("sha256").update(verifier).digest("base64url");

/** Scopes Cloud Code and the email lookup need (upstreams.md §C). */
export const SIGN_IN_SCOPES = [
  "https://www.googleapis.com/auth/cloud-platform",
  "https://www.googleapis.com/auth/userinfo.email",
  "https://www.googleapis.com/auth/userinfo.profile",
] as const;

export interface AuthorizationRequest {
  authUrl: string;
  clientId: string;
  redirectUri: string;
  state: string;
  challenge: string;
}

/** The consent page's URL: offline access (a refresh token) and the consent prompt (a new one each time). */
export function authorizationUrl(request: AuthorizationRequest): string {
  const url = new URL(request.authUrl);
  const params = {
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    response_type: "code",
    scope: SIGN_IN_SCOPES.join(" "),
    access_type: "offline",
    prompt: "consent",
    state: request.state,
    code_challenge: request.challenge,
    code_challenge_method: "S256",
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}
