import { createHash, randomBytes } from "node:crypto";
import type { RefreshTokenOptions } from "./simulator-types.js";

/** One Google account behind a refresh token, with its Cloud Code onboarding progress. */
export interface SimAccount {
  refreshToken: string;
  email: string;
  invalid: boolean;
  project: string;
  onboarded: boolean;
  onboardingPolls: number;
}

export type AccessCheck =
  | { ok: true; account: SimAccount }
  | { ok: false; reason: "CREDENTIALS_MISSING" | "ACCESS_TOKEN_TYPE_UNSUPPORTED" | "ACCESS_TOKEN_EXPIRED" };

export const accessTokenLifetimeSeconds = 3599;
export const autoRefreshTokenPrefix = "sim-refresh-";

interface AccessGrant {
  account: SimAccount;
  expiresAt: number;
}

/** Refresh tokens registered by tests (or `sim-refresh-*`), and the access tokens issued for them. */
export class TokenRegistry {
  private readonly registered = new Map<string, RefreshTokenOptions>();
  private readonly accounts = new Map<string, SimAccount>();
  private readonly grants = new Map<string, AccessGrant>();

  addRefreshToken(refreshToken: string, options: RefreshTokenOptions = {}): void {
    this.registered.set(refreshToken, options);
    this.accounts.delete(refreshToken);
  }

  /** The account of a known refresh token (invalid ones included); undefined when unknown. */
  findAccount(refreshToken: string): SimAccount | undefined {
    const existing = this.accounts.get(refreshToken);
    if (existing) return existing;
    const options = this.registered.get(refreshToken);
    if (options === undefined && !refreshToken.startsWith(autoRefreshTokenPrefix)) return undefined;
    const account = newAccount(refreshToken, options ?? {});
    this.accounts.set(refreshToken, account);
    return account;
  }

  issueAccessToken(account: SimAccount, now = Date.now()): string {
    const token = `sim-access-${randomBytes(18).toString("base64url")}`;
    this.grants.set(token, { account, expiresAt: now + accessTokenLifetimeSeconds * 1000 });
    return token;
  }

  check(accessToken: string | undefined, now = Date.now()): AccessCheck {
    if (accessToken === undefined) return { ok: false, reason: "CREDENTIALS_MISSING" };
    const grant = this.grants.get(accessToken);
    if (grant === undefined) return { ok: false, reason: "ACCESS_TOKEN_TYPE_UNSUPPORTED" };
    if (grant.expiresAt <= now) return { ok: false, reason: "ACCESS_TOKEN_EXPIRED" };
    return { ok: true, account: grant.account };
  }

  expireAccessTokens(): void {
    for (const grant of this.grants.values()) grant.expiresAt = 0;
  }

  /** Forgets issued access tokens and onboarding progress; registered refresh tokens stay. */
  clearIssued(): void {
    this.grants.clear();
    this.accounts.clear();
  }
}

function newAccount(refreshToken: string, options: RefreshTokenOptions): SimAccount {
  const email = options.email ?? defaultEmail(refreshToken);
  return {
    refreshToken,
    email,
    invalid: options.invalid ?? false,
    project: `sim-project-${shortHash(email)}`,
    onboarded: options.onboarded ?? true,
    onboardingPolls: 0,
  };
}

function defaultEmail(refreshToken: string): string {
  const local = refreshToken.replace(autoRefreshTokenPrefix, "").replace(/[^a-zA-Z0-9._-]/g, "-");
  return `${local.slice(0, 40) || "user"}@simulator.agate.test`;
}

export function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 10);
}
