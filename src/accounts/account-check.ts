import type { Config } from "../config/schema.js";
import type { Account } from "../pool/account.js";
import { createUpstreamClients } from "../pool/create-pool.js";
import type { AccountActivityRepository } from "../store/account-activity-repository.js";
import type { AccountsRepository } from "../store/accounts-repository.js";
import type { SqliteDatabase } from "../store/database.js";
import { DeferredWrites } from "../store/deferred-writes.js";
import { SqliteOAuthStateRepository } from "../store/oauth-state-repository.js";
import type { SecretCodec } from "../store/secret-codec.js";
import { UpstreamDispatchers } from "../upstream/http-transport.js";
import { readUserEmail } from "../upstream/oauth/user-email.js";
import { UpstreamError } from "../upstream/upstream-error.js";

export type CheckResult =
  | { ok: true; models: number; projectId?: string; quota: { model: string; remainingFraction?: number }[] }
  | { ok: false; error: string; turnedOff: boolean };

const CHECK_TIMEOUT_MS = 60_000;

/**
 * Asks an account's upstream, now, what the gateway would ask it (`agate accounts refresh`, and after
 * `login`): a new OAuth token, the Cloud Code project, the model list and quota — all kept in the store for
 * the gateway and `list`. A refresh token Google refuses turns the account off, as in the gateway.
 */
export class AccountCheck {
  private readonly dispatchers: UpstreamDispatchers;
  private readonly writes = new DeferredWrites();
  private readonly clients;
  private readonly state;
  private readonly userinfoUrl: string;

  constructor(
    config: Config,
    db: SqliteDatabase,
    private readonly store: {
      accounts: AccountsRepository;
      activity: AccountActivityRepository;
      codec: SecretCodec;
      now: () => number;
    },
  ) {
    this.dispatchers = new UpstreamDispatchers({
      firstByteTimeoutMs: config.first_byte_timeout_ms,
      requestTimeoutMs: config.request_timeout_ms,
    });
    this.state = new SqliteOAuthStateRepository(db, store.now, store.codec);
    this.userinfoUrl = config.oauth_userinfo_url;
    this.clients = createUpstreamClients(config, db, {
      dispatchers: this.dispatchers,
      writes: this.writes,
      codec: store.codec,
      now: store.now,
      newToolCallId: () => "unused",
    });
  }

  async check(account: Account, options: { renewToken: boolean }): Promise<CheckResult> {
    const client = this.clients[account.kind];
    const signal = AbortSignal.timeout(CHECK_TIMEOUT_MS);
    try {
      if (options.renewToken) await client.refresh?.(account, signal);
      const quota: { model: string; remainingFraction?: number; resetAt?: number }[] = [];
      let models: number;
      if (client.listModelDetails !== undefined) {
        const list = await client.listModelDetails(account, signal);
        models = list.models.length;
        for (const { id, ...rest } of list.models)
          if (rest.remainingFraction !== undefined || rest.resetAt !== undefined)
            quota.push({ model: id, ...rest });
        this.store.activity.saveQuota(account.id, quota, this.store.now());
      } else {
        models = (await client.listModels(account, signal)).length;
      }
      this.writes.flush();
      await this.learnEmail(account, signal);
      const projectId = account.projectId ?? this.state.get(account.id)?.projectId;
      return { ok: true, models, quota, ...(projectId === undefined ? {} : { projectId }) };
    } catch (error) {
      this.writes.flush();
      const oauth = error instanceof UpstreamError ? error.oauth : undefined;
      if (oauth?.error === "invalid_grant") {
        this.store.accounts.setDisabledReason(
          account.id,
          `OAuth invalid_grant: ${oauth.description ?? "the refresh token was refused"}`,
        );
      }
      return {
        ok: false,
        error: error instanceof Error ? error.message : String(error),
        turnedOff: oauth?.error === "invalid_grant",
      };
    }
  }

  /**
   * A cloudcode account added here by its refresh token alone gets its Google email (labelled with it while its
   * label is only its id), so that `accounts login` renews it in place once Google revokes that token.
   */
  private async learnEmail(account: Account, signal: AbortSignal): Promise<void> {
    const accessToken = this.state.get(account.id)?.accessToken;
    if (account.kind !== "cloudcode" || account.email !== undefined || accessToken === undefined) return;
    const dispatcher = this.dispatchers.for(account.proxyUrl);
    const email = await readUserEmail(dispatcher, this.userinfoUrl, accessToken, signal);
    const current = email === undefined ? undefined : this.store.accounts.find(account.id);
    if (email === undefined || current?.source !== "store" || current.email !== undefined) return;
    const labelTaken = this.store.accounts.list().some((other) => other.label === email);
    const label = current.label === current.id && !labelTaken ? email : current.label;
    this.store.accounts.upsert({ ...current, email, label });
  }

  /** Keeps an access token the caller already holds (sign-in, import), so no refresh is needed. */
  saveToken(accountId: string, accessToken: string, expiresAt: number): void {
    this.state.saveToken(accountId, accessToken, expiresAt);
  }

  async close(): Promise<void> {
    this.writes.flush();
    await this.dispatchers.close();
  }
}
