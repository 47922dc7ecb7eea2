import { createHash } from "node:crypto";
import type { Account } from "../pool/account.js";

/** The secret that identifies the account: its API key, or its refresh token; "" when it has none. */
export function secretOf(account: Account): string {
  return account.kind === "cloudcode" ? (account.credentials.refreshToken ?? "") : account.credentials.apiKey;
}

/**
 * What listings and logs show instead of a secret: `sha256:` and 8 hex digits of its hash, enough to tell two
 * keys apart or match one you hold, useless to recover it. `none` when the account has no secret.
 */
export function fingerprint(secret: string): string {
  if (secret === "") return "none";
  return `sha256:${createHash("sha256").update(secret).digest("hex").slice(0, 8)}`;
}

export const fingerprintOf = (account: Account): string => fingerprint(secretOf(account));
