import type { Dispatcher } from "undici";
import type { Account } from "../../pool/account.js";
import type { DeferredWrites } from "../../store/deferred-writes.js";
import type { OAuthStateRepository } from "../../store/oauth-state-repository.js";
import { abortable } from "../abortable.js";
import type { RenewedFrom } from "../types.js";
import { UpstreamError } from "../upstream-error.js";
import { type AccessToken, type OAuthClientConfig, refreshAccessToken } from "./token-endpoint.js";

export interface AccessTokensOptions {
  client: OAuthClientConfig;
  dispatcherFor: (account: Account) => Dispatcher;
  now: () => number;
  /** Persisted tokens, so a restart does not refresh needlessly. */
  state?: OAuthStateRepository;
  writes?: DeferredWrites;
}

/** A token this close to its expiry is refreshed before use. */
export const REFRESH_AHEAD_MS = 5 * 60_000;
const REFRESH_TIMEOUT_MS = 30_000;

/** A renewed token, and whether the token endpoint gave it or another process's stored one was taken. */
export interface RenewedToken {
  token: AccessToken;
  from: RenewedFrom;
}

/**
 * The access tokens of OAuth accounts: cached, refreshed ahead of expiry, one refresh per account at a
 * time (concurrent callers share it), new tokens written behind to the store.
 */
export class AccessTokens {
  private readonly tokens = new Map<string, AccessToken>();
  /** When the held token was last handed to a request: a 401 says it was dead by then. */
  private readonly handedOutAt = new Map<string, number>();
  private readonly refreshing = new Map<string, Promise<RenewedToken>>();
  private readonly loaded = new Set<string>();
  /**
   * The refresh tokens Google refused for good (invalid_grant), with its error, by account: asked again, they
   * fail at once. A request that chose the account before the pool turned it off (the model lists read at start
   * meet the dead token first) would otherwise ask Google a second time. A new refresh token is asked anew.
   */
  private readonly refused = new Map<string, { refreshToken: string; error: UpstreamError }>();

  constructor(private readonly options: AccessTokensOptions) {}

  /** A token valid for a while yet, refreshing it first when needed. */
  async get(account: Account, signal: AbortSignal): Promise<string> {
    const cached = this.cached(account.id);
    const token =
      cached !== undefined && cached.expiresAt - this.options.now() > REFRESH_AHEAD_MS
        ? cached
        : (await this.renew(account, undefined, signal)).token;
    this.handedOutAt.set(account.id, this.options.now());
    return token.accessToken;
  }

  /**
   * A new token now, after the upstream refused the one held (401): another process's stored token when it
   * was asked for after the refused one was last handed out, else one from the token endpoint. Joins a
   * renewal already running.
   */
  refresh(account: Account, signal: AbortSignal): Promise<RenewedToken> {
    const refusedSince = this.handedOutAt.get(account.id) ?? this.options.now();
    return this.renew(account, refusedSince, signal);
  }

  private renew(account: Account, refusedSince: number | undefined, signal: AbortSignal) {
    let running = this.refreshing.get(account.id);
    if (running === undefined) {
      running = this.fetch(account, refusedSince).finally(() => this.refreshing.delete(account.id));
      this.refreshing.set(account.id, running);
    }
    return abortable(running, signal);
  }

  private cached(accountId: string): AccessToken | undefined {
    if (!this.loaded.has(accountId)) {
      this.loaded.add(accountId);
      const stored = this.options.state?.get(accountId);
      if (
        stored?.accessToken !== undefined &&
        stored.expiresAt !== undefined &&
        !this.tokens.has(accountId)
      ) {
        this.tokens.set(accountId, { accessToken: stored.accessToken, expiresAt: stored.expiresAt });
      }
    }
    return this.tokens.get(accountId);
  }

  /**
   * A token another process (a cluster worker, `agate accounts refresh`) refreshed and stored since this one
   * read it, still valid for a while: taken instead of refreshing again. After a 401 (`refusedSince`: when
   * the refused token was last handed out) only one asked for later than that: an older one was already
   * stored when the refused token failed, and may be just as dead (the workers of a cluster each refresh
   * at start, and the store keeps the last).
   */
  private storedByAnother(accountId: string, refusedSince: number | undefined): AccessToken | undefined {
    const stored = this.options.state?.get(accountId);
    if (stored?.accessToken === undefined || stored.expiresAt === undefined) return undefined;
    if (stored.accessToken === this.tokens.get(accountId)?.accessToken) return undefined;
    if (stored.expiresAt - this.options.now() <= REFRESH_AHEAD_MS) return undefined;
    if (refusedSince !== undefined && (stored.obtainedAt ?? 0) <= refusedSince) return undefined;
    const token = { accessToken: stored.accessToken, expiresAt: stored.expiresAt };
    this.tokens.set(accountId, token);
    return token;
  }

  private async fetch(account: Account, refusedSince: number | undefined): Promise<RenewedToken> {
    const refreshToken = account.credentials.refreshToken;
    if (refreshToken === undefined) {
      throw new UpstreamError(`account ${account.id} has no refresh token`, {
        kind: "http",
        status: 400,
        oauth: { error: "invalid_grant", description: "no refresh token is configured" },
      });
    }
    const { client, now, dispatcherFor, state, writes } = this.options;
    const stored = this.storedByAnother(account.id, refusedSince);
    if (stored !== undefined) return { token: stored, from: "store" };
    const refused = this.refused.get(account.id);
    if (refused?.refreshToken === refreshToken) throw refused.error;
    const signal = AbortSignal.timeout(REFRESH_TIMEOUT_MS);
    const askedAt = now();
    let token: AccessToken;
    try {
      token = await refreshAccessToken(dispatcherFor(account), client, refreshToken, askedAt, signal);
    } catch (error) {
      if (error instanceof UpstreamError && error.oauth?.error === "invalid_grant")
        this.refused.set(account.id, { refreshToken, error });
      throw error;
    }
    this.tokens.set(account.id, token);
    if (state !== undefined) {
      const save = () => state.saveToken(account.id, token.accessToken, token.expiresAt, askedAt);
      if (writes === undefined) save();
      else writes.enqueue(save);
    }
    return { token, from: "token-endpoint" };
  }
}
