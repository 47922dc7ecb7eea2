import type { UpstreamClient } from "../upstream/types.js";
import type { Account, AccountKind } from "./account.js";

interface Entry {
  models: string[];
  fetchedAt: number;
  pending?: Promise<void>;
}

export interface ModelCatalogDependencies {
  accounts: () => readonly Account[];
  clients: Readonly<Record<AccountKind, UpstreamClient>>;
  now: () => number;
  ttlMs: number;
  /** How long a /v1/models call waits for a stale account's list before answering without it. */
  waitMs: number;
  onError: (account: Account, error: unknown) => void;
}

/** The models the enabled accounts can serve, fetched from each upstream and cached for ttlMs. */
export class ModelCatalog {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly deps: ModelCatalogDependencies) {}

  async list(): Promise<string[]> {
    const accounts = this.deps.accounts().filter((account) => account.enabled);
    const refreshes = accounts.map((account) => this.refreshIfStale(account));
    await Promise.race([Promise.all(refreshes), delay(this.deps.waitMs)]);
    const models = new Set<string>();
    for (const account of accounts)
      for (const model of this.entries.get(account.id)?.models ?? []) models.add(model);
    return [...models];
  }

  private refreshIfStale(account: Account): Promise<void> {
    const entry = this.entries.get(account.id) ?? { models: [], fetchedAt: Number.NEGATIVE_INFINITY };
    this.entries.set(account.id, entry);
    if (entry.pending !== undefined) return entry.pending;
    if (this.deps.now() - entry.fetchedAt < this.deps.ttlMs) return Promise.resolve();
    const signal = AbortSignal.timeout(30_000);
    entry.pending = this.deps.clients[account.kind]
      .listModels(account, signal)
      .then((models) => {
        entry.models = models;
        entry.fetchedAt = this.deps.now();
      })
      .catch((error: unknown) => {
        entry.fetchedAt = this.deps.now() - this.deps.ttlMs + 30_000;
        this.deps.onError(account, error);
      })
      .finally(() => {
        delete entry.pending;
      });
    return entry.pending;
  }
}

const delay = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });
