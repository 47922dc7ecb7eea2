import type { AccountsRepository } from "../store/accounts-repository.js";
import type { DeferredWrites } from "../store/deferred-writes.js";
import type { Account } from "./account.js";
import type { PublishStateChange } from "./shared-state.js";

/**
 * The accounts the gateway runs with. The list is replaced, never mutated, so a request that read it keeps
 * a consistent view; turning an account off is written behind to the store with its reason.
 */
export class AccountRegistry {
  private accounts: readonly Account[];

  constructor(
    initial: readonly Account[],
    private readonly repository?: AccountsRepository,
    private readonly writes?: DeferredWrites,
    /** Told of accounts turned off here, which other processes must stop using at once (cluster workers). */
    private readonly publish?: PublishStateChange,
  ) {
    this.accounts = Object.freeze([...initial]);
  }

  list = (): readonly Account[] => this.accounts;

  find(id: string): Account | undefined {
    return this.accounts.find((account) => account.id === id);
  }

  /**
   * Reads the accounts again from the store, where the admin API or another process (`agate accounts`)
   * changed them; writes still queued here go first so none is lost. Returns whether the list changed.
   */
  reload(): boolean {
    if (this.repository === undefined) return false;
    this.writes?.flush();
    const fresh = this.repository.list();
    if (JSON.stringify(fresh) === JSON.stringify(this.accounts)) return false;
    this.accounts = Object.freeze(fresh);
    return true;
  }

  /** Turns the account off until someone turns it on again, keeping why. */
  disable(id: string, reason: string): void {
    this.markDisabled(id, reason);
    this.publish?.({ kind: "account-disabled", accountId: id, reason });
    const repository = this.repository;
    if (repository === undefined) return;
    if (this.writes === undefined) repository.setDisabledReason(id, reason);
    else this.writes.enqueue(() => repository.setDisabledReason(id, reason));
  }

  /** Turns the account off here only: another process turned it off and stored it. */
  markDisabled(id: string, reason: string): void {
    this.accounts = Object.freeze(
      this.accounts.map((account) => (account.id === id ? { ...account, disabledReason: reason } : account)),
    );
  }
}
