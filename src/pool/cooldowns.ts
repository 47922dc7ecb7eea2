/**
 * Who is resting until when: per (account, model) for quota, per account for transient failures.
 * In memory for now; persisting them across restarts comes with the full account pool.
 */
export class Cooldowns {
  private readonly until = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  cool(accountId: string, model: string | undefined, ms: number): void {
    const key = keyOf(accountId, model);
    const until = this.now() + ms;
    if ((this.until.get(key) ?? 0) < until) this.until.set(key, until);
  }

  /** Milliseconds until the account may serve the model again; 0 when it may now. */
  remainingMs(accountId: string, model: string): number {
    const now = this.now();
    const longest = Math.max(
      this.until.get(keyOf(accountId, model)) ?? 0,
      this.until.get(keyOf(accountId)) ?? 0,
    );
    return Math.max(0, longest - now);
  }
}

const keyOf = (accountId: string, model?: string): string =>
  model === undefined ? accountId : `${accountId}\0${model}`;
