import { allAccountsCooling, noAccounts } from "../errors.js";
import type { GenerateEvent, GenerateRequest } from "../hub/types.js";
import type { UpstreamClient } from "../upstream/types.js";
import { UpstreamError } from "../upstream/upstream-error.js";
import type { Account, AccountKind } from "./account.js";
import { chooseAccount } from "./choose-account.js";
import { classifyUpstreamError } from "./classify.js";
import type { Cooldowns } from "./cooldowns.js";
import { upstreamErrorToClient } from "./upstream-error-to-client.js";

export interface PoolResult {
  account: Account;
  attempts: number;
  /** Starts with the first real event, already received: from here on nothing is retried. */
  events: AsyncIterable<GenerateEvent>;
}

export interface PoolDependencies {
  accounts: () => readonly Account[];
  clients: Readonly<Record<AccountKind, UpstreamClient>>;
  cooldowns: Cooldowns;
  maxAttempts: number;
  now: () => number;
}

/** What the failover loop learned on the way, for headers and logs even when it fails. */
export interface PoolTrace {
  attempts: number;
  lastAccount?: Account;
}

/**
 * The failover loop (contract §6): pick an account, start the call, wait for its first real event; on a
 * failure before that, classify it, cool the account down and try another, at most maxAttempts times.
 */
export class Pool {
  private readonly inFlight = new Map<string, number>();

  constructor(private readonly deps: PoolDependencies) {}

  inFlightCount(): number {
    let total = 0;
    for (const count of this.inFlight.values()) total += count;
    return total;
  }

  async execute(request: GenerateRequest, signal: AbortSignal, trace: PoolTrace): Promise<PoolResult> {
    const enabled = this.deps.accounts().filter((account) => account.enabled);
    if (enabled.length === 0) throw noAccounts();
    const tried = new Set<string>();
    let lastError: UpstreamError | undefined;
    while (trace.attempts < this.deps.maxAttempts) {
      const choice = chooseAccount(enabled, {
        model: request.model,
        tried,
        inFlight: this.inFlight,
        cooldowns: this.deps.cooldowns,
      });
      if (choice.account === undefined) {
        if (lastError !== undefined) break;
        throw allAccountsCooling(request.requestedModel, Math.max(1, Math.ceil(choice.waitMs / 1000)));
      }
      const account = choice.account;
      tried.add(account.id);
      trace.attempts++;
      trace.lastAccount = account;
      this.acquire(account.id);
      const iterator = this.deps.clients[account.kind]
        .generate(account, request, signal)
        [Symbol.asyncIterator]();
      try {
        const first = await iterator.next();
        return { account, attempts: trace.attempts, events: this.release(account.id, first, iterator) };
      } catch (error) {
        this.releaseNow(account.id);
        if (signal.aborted || !(error instanceof UpstreamError)) throw error;
        lastError = error;
        const decision = classifyUpstreamError(error, this.deps.now());
        if (decision.cooldown !== undefined) {
          const model = decision.cooldown.scope === "model" ? request.model : undefined;
          this.deps.cooldowns.cool(account.id, model, decision.cooldown.ms);
        }
        if (decision.action === "fail") break;
      }
    }
    throw upstreamErrorToClient(
      lastError ?? new UpstreamError("no attempt was made", { kind: "network" }),
      request.model,
    );
  }

  private acquire(accountId: string): void {
    this.inFlight.set(accountId, (this.inFlight.get(accountId) ?? 0) + 1);
  }

  private releaseNow(accountId: string): void {
    const count = (this.inFlight.get(accountId) ?? 1) - 1;
    if (count <= 0) this.inFlight.delete(accountId);
    else this.inFlight.set(accountId, count);
  }

  private async *release(
    accountId: string,
    first: IteratorResult<GenerateEvent>,
    iterator: AsyncIterator<GenerateEvent>,
  ): AsyncGenerator<GenerateEvent> {
    try {
      if (first.done === true) return;
      yield first.value;
      for (let next = await iterator.next(); next.done !== true; next = await iterator.next())
        yield next.value;
    } finally {
      this.releaseNow(accountId);
      await iterator.return?.();
    }
  }
}
