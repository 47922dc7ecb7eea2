import type { UpstreamClient, UpstreamModelList } from "../upstream/types.js";
import { type Account, type AccountKind, isUsable } from "./account.js";

/** What the failover loop asks about models, per account. */
export interface ModelAvailability {
  /** Whether the account serves the model (or a deprecated id it forwards); undefined while unknown. */
  serves(accountId: string, model: string): boolean | undefined;
  /** 0..1 of the account's quota left for the model, when its upstream reports it. */
  remainingFraction(accountId: string, model: string): number | undefined;
  /** The id that replaces a deprecated model id on this account. */
  replacement(accountId: string, model: string): string | undefined;
  /** The account's quota changed (a quota error): read its list again soon. */
  invalidate(accountId: string): void;
  /**
   * Undefined when every one of these accounts' lists is known or was read once in vain; else reads the
   * others (or joins their reads), settling when they are in (or after a bounded wait), so that a choice can
   * leave out an account that lacks the model (a mixed pool) from the first request on.
   */
  whenListed?(accounts: readonly Account[]): Promise<void> | undefined;
}

interface Entry {
  models: Map<string, { remainingFraction?: number; resetAt?: number; ownedBy?: string }>;
  deprecated: Map<string, string>;
  fetchedAt: number;
  known: boolean;
  /** When the first read was started (whatever came of it); undefined before. */
  askedAt: number | undefined;
  pending?: Promise<void>;
}

export interface ModelCatalogDependencies {
  accounts: () => readonly Account[];
  clients: Readonly<Partial<Record<AccountKind, UpstreamClient>>>;
  now: () => number;
  ttlMs: number;
  /** How long a /v1/models call waits for a stale account's list before answering without it. */
  waitMs: number;
  onError: (account: Account, error: unknown) => void;
  /** A model whose quota the upstream reports as used up, with when it resets (the pool rests the pair). */
  onExhausted?: (account: Account, model: string, resetAt: number) => void;
  /** Each model list fetched, with its quota (the store keeps it for `agate accounts list`). */
  onListed?: (account: Account, list: UpstreamModelList) => void;
}

/** After a failed fetch, the next try comes this much later. */
const RETRY_AFTER_FAILURE_MS = 30_000;
const FETCH_TIMEOUT_MS = 30_000;

/**
 * The models each usable account can serve, fetched from its upstream and cached for ttlMs: the union for
 * /v1/models, and per account for the pool (eligibility, quota, deprecated ids). Accounts whose upstream
 * reports quota (Cloud Code) are also polled by `startPolling`; the others are read when /v1/models asks.
 */
export class ModelCatalog implements ModelAvailability {
  private readonly entries = new Map<string, Entry>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: ModelCatalogDependencies) {}

  async list(): Promise<string[]> {
    return [...(await this.owners()).keys()];
  }

  /**
   * Every listed model with its owner, for /v1/models: "google" when a Gemini kind lists it, else the
   * `owned_by` an OpenAI-compatible server gave, else "openai".
   */
  async owners(): Promise<Map<string, string>> {
    const accounts = this.deps.accounts().filter(isUsable);
    const refreshes = accounts.map((account) => this.refreshIfStale(account));
    await Promise.race([Promise.all(refreshes), delay(this.deps.waitMs)]);
    const owners = new Map<string, string>();
    for (const account of accounts) {
      for (const [model, { ownedBy }] of this.entries.get(account.id)?.models ?? []) {
        if (account.kind !== "openai") owners.set(model, "google");
        else if (!owners.has(model)) owners.set(model, ownedBy ?? "openai");
      }
    }
    return owners;
  }

  serves(accountId: string, model: string): boolean | undefined {
    const entry = this.entries.get(accountId);
    if (entry === undefined || !entry.known) return undefined;
    const id = bare(model);
    return entry.models.has(id) || entry.deprecated.has(id);
  }

  whenListed(accounts: readonly Account[]): Promise<void> | undefined {
    // No array on the common path (every list asked for): this runs per request.
    let reads: Promise<void>[] | undefined;
    for (const account of accounts) {
      const entry = this.entries.get(account.id);
      if (entry !== undefined && !this.worthWaitingFor(entry)) continue;
      reads = reads ?? [];
      reads.push(this.refreshIfStale(account));
    }
    if (reads === undefined) return undefined;
    // One turn after the reads, so that the connections they used are back in their pools for the call
    // that follows (else it opens another, through a proxy another tunnel).
    return Promise.race([Promise.all(reads).then(nextTurn), delay(this.deps.waitMs)]);
  }

  /**
   * Not when the list is known (a later re-read runs behind the requests), was read in vain, or is being read
   * for longer than the wait: a slow list endpoint delays the requests of its first moments, no more.
   */
  private worthWaitingFor(entry: Entry): boolean {
    if (entry.known) return false;
    if (entry.askedAt === undefined) return true;
    return entry.pending !== undefined && this.deps.now() - entry.askedAt < this.deps.waitMs;
  }

  remainingFraction(accountId: string, model: string): number | undefined {
    return this.entries.get(accountId)?.models.get(bare(model))?.remainingFraction;
  }

  replacement(accountId: string, model: string): string | undefined {
    const entry = this.entries.get(accountId);
    const id = bare(model);
    if (entry === undefined || entry.models.has(id)) return undefined;
    return entry.deprecated.get(id);
  }

  invalidate(accountId: string): void {
    const entry = this.entries.get(accountId);
    if (entry !== undefined) entry.fetchedAt = Number.NEGATIVE_INFINITY;
    const account = this.deps.accounts().find((candidate) => candidate.id === accountId);
    if (account !== undefined && this.reportsQuota(account)) void this.refreshIfStale(account);
  }

  /** Reads the lists of the accounts whose upstream reports quota, now and every `intervalMs`. */
  startPolling(intervalMs: number): void {
    this.stopPolling();
    void this.refreshQuotaAccounts();
    this.timer = setInterval(() => void this.refreshQuotaAccounts(), intervalMs);
    this.timer.unref();
  }

  stopPolling(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Refreshes the stale lists of quota-reporting accounts; resolves when done (tests await it). */
  async refreshQuotaAccounts(): Promise<void> {
    const accounts = this.deps
      .accounts()
      .filter((account) => isUsable(account) && this.reportsQuota(account));
    await Promise.all(accounts.map((account) => this.refreshIfStale(account)));
  }

  private reportsQuota(account: Account): boolean {
    return this.deps.clients[account.kind]?.listModelDetails !== undefined;
  }

  private refreshIfStale(account: Account): Promise<void> {
    const entry = this.entries.get(account.id) ?? emptyEntry();
    this.entries.set(account.id, entry);
    if (entry.pending !== undefined) return entry.pending;
    if (this.deps.now() - entry.fetchedAt < this.deps.ttlMs) return Promise.resolve();
    entry.askedAt ??= this.deps.now();
    entry.pending = this.fetch(account)
      .then((list) => {
        entry.models = new Map(list.models.map(({ id, ...quota }) => [bare(id), quota]));
        entry.deprecated = new Map(
          Object.entries(list.deprecated).map(([old, next]) => [bare(old), bare(next)]),
        );
        entry.known = true;
        entry.fetchedAt = this.deps.now();
        this.deps.onListed?.(account, list);
        for (const model of list.models) {
          if (
            model.remainingFraction === 0 &&
            model.resetAt !== undefined &&
            model.resetAt > this.deps.now()
          ) {
            this.deps.onExhausted?.(account, bare(model.id), model.resetAt);
          }
        }
      })
      .catch((error: unknown) => {
        entry.fetchedAt = this.deps.now() - this.deps.ttlMs + RETRY_AFTER_FAILURE_MS;
        this.deps.onError(account, error);
      })
      .finally(() => {
        delete entry.pending;
      });
    return entry.pending;
  }

  private async fetch(account: Account): Promise<UpstreamModelList> {
    const client = this.deps.clients[account.kind];
    if (client === undefined) return { models: [], deprecated: {} };
    const signal = AbortSignal.timeout(FETCH_TIMEOUT_MS);
    if (client.listModelDetails !== undefined) return client.listModelDetails(account, signal);
    return { models: await client.listModels(account, signal), deprecated: {} };
  }
}

const emptyEntry = (): Entry => ({
  models: new Map(),
  deprecated: new Map(),
  fetchedAt: Number.NEGATIVE_INFINITY,
  known: false,
  askedAt: undefined,
});

const bare = (model: string): string => (model.startsWith("models/") ? model.slice("models/".length) : model);

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const delay = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });
