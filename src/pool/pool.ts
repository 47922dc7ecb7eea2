import { type AgateError, allAccountsCooling, noAccounts } from "../errors.js";
import { lastUsage, sumUsage } from "../hub/merge-answers.js";
import { eventsRead, untilRealOutput } from "../hub/real-output.js";
import type { GenerateEvent, GenerateRequest, Usage } from "../hub/types.js";
import { abortable, sleep } from "../upstream/abortable.js";
import type { UpstreamClient } from "../upstream/types.js";
import { UpstreamError } from "../upstream/upstream-error.js";
import { type Account, type AccountKind, isUsable } from "./account.js";
import { type ChoiceContext, chooseAccount, type Strategy, servingAccounts } from "./choose-account.js";
import { classifyUpstreamError } from "./classify.js";
import type { Cooldowns } from "./cooldowns.js";
import { InFlight } from "./in-flight.js";
import type { ModelAvailability } from "./model-catalog.js";
import { type NextStep, nextStep } from "./next-step.js";
import type { PoolObserver } from "./pool-observer.js";
import {
  accountsTurnedOff,
  allAccountsBusy,
  type PoolStatus,
  restingFor,
  statusOf,
  tokenRenewedTooLate,
} from "./pool-support.js";
import { type ReleasedStream, releasedStream } from "./released-stream.js";
import { sessionKeyFor } from "./session-key.js";
import type { StickySessions } from "./sticky-sessions.js";
import { upstreamErrorToClient } from "./upstream-error-to-client.js";

export interface PoolResult {
  account: Account;
  attempts: number;
  /**
   * Starts with the events already received up to the first real output (hub/real-output.ts): from here on
   * nothing is retried.
   */
  events: AsyncIterable<GenerateEvent>;
  /**
   * A streamed answer's: what `events` starts with — the results the pool read before it committed to the
   * call, its first real output (or the end) last — to decide on without reading `events` again.
   * Undefined with `whole`.
   */
  head?: readonly IteratorResult<GenerateEvent>[];
  /**
   * The same events as an array, when the call was not streamed and its client read it whole (`complete`):
   * the answer has ended and its account slot is free. Encoders of whole answers read this without awaiting
   * each event.
   */
  whole?: readonly GenerateEvent[];
  /**
   * The key the pool kept the conversation on its account by (derived from the first message where the
   * client gave none); undefined with one account, where there is no choice to keep and nothing is hashed.
   */
  sessionKey?: string | undefined;
}

export interface PoolDependencies {
  accounts: () => readonly Account[];
  clients: Readonly<Partial<Record<AccountKind, UpstreamClient>>>;
  cooldowns: Cooldowns;
  maxAttempts: number;
  now: () => number;
  strategy?: Strategy;
  catalog?: ModelAvailability;
  sessions?: StickySessions;
  /** Default requests in flight per account (0: no limit); an account's maxConcurrent overrides it. */
  maxConcurrentPerAccount?: number;
  /** Most time one request may spend backing off (retrying the same account, waiting for a free slot). */
  retryWaitBudgetMs?: number;
  retryBackoffMs?: number;
  random?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Turns an account off (dead credentials); the registry persists it. */
  disable?: (account: Account, reason: string) => void;
  /** Told of sticky-session hits and misses (metrics). */
  observer?: PoolObserver;
  /** Told of every upstream attempt, with the account it went to (per-account request counts). */
  onAttempt?: (account: Account) => void;
}

/** What the failover loop learned on the way, for headers and logs even when it fails. */
export interface PoolTrace {
  attempts: number;
  lastAccount?: Account;
  /**
   * Tokens the upstream reported for answers the client never got — an attempt that failed before its first
   * real output, an answer asked for again (malformed-retry.ts): Google bills them all the same.
   */
  spent?: Usage;
}

/** Adds the tokens of an answer the client did not get to the trace. */
export function addSpent(trace: PoolTrace, usage: Usage | undefined): void {
  if (usage !== undefined) trace.spent = trace.spent === undefined ? usage : sumUsage([trace.spent, usage]);
}

/** The state of one request's way through the loop. */
interface Run {
  request: GenerateRequest;
  sessionKey: string | undefined;
  tried: Set<string>;
  refreshed: Set<string>;
  retries: number;
  waitedMs: number;
  lastError?: UpstreamError;
  lastKind?: AccountKind;
  /** The first refusal of an account passed over because its upstream refuses the request (`refusalOf`). */
  refused?: AgateError;
  /**
   * What this request asked each account so far (`ask`), the latest first: the one record of an account's
   * request and refusal, read by the up-front check, the loop, and a retry of the same account.
   */
  asked: Asked | undefined;
}

/** One account's request as it goes to it (`requestFor`) and what its upstream refuses in it (`refusalOf`). */
interface Asked {
  accountId: string;
  request: GenerateRequest;
  refusal: AgateError | undefined;
  /** The account asked before this one in the same request: the records form a list, no collection made. */
  before: Asked | undefined;
}

/**
 * The failover loop (contract §6): pick an account, start the call, wait for its first real event; on a
 * failure before that, classify it and retry, rotate with a cool-down or fail, at most maxAttempts times.
 */
export class Pool {
  private readonly inFlight = new InFlight();
  private lastRoundRobinId: string | undefined;

  constructor(private readonly deps: PoolDependencies) {}

  inFlightCount(): number {
    return this.inFlight.total();
  }

  /** Each account with its load, cool-downs and why it is off, for status displays and tests. */
  status(): PoolStatus[] {
    return statusOf(this.deps.accounts(), this.deps.cooldowns.active(), (id) => this.inFlight.count(id));
  }

  async execute(request: GenerateRequest, signal: AbortSignal, trace: PoolTrace): Promise<PoolResult> {
    const declared = this.deps.accounts();
    const accounts = declared.filter(isUsable);
    if (accounts.length === 0) throw declared.length > 0 ? accountsTurnedOff(declared) : noAccounts();
    // With a choice to make, the accounts' model lists decide who serves the model (the first time only).
    const listing = accounts.length > 1 ? this.deps.catalog?.whenListed?.(accounts) : undefined;
    if (listing !== undefined) await abortable(listing, signal);
    const run: Run = {
      request,
      // With one account there is no choice to keep: no key to hash, no binding to store.
      sessionKey: declared.length > 1 ? sessionKeyFor(request) : undefined,
      tried: new Set(),
      refreshed: new Set(),
      retries: 0,
      waitedMs: 0,
      // Set in the literal, not added later: no property store of its own for the run.
      asked: undefined,
    };
    const refused = this.refusedByAll(accounts, run);
    if (refused !== undefined) throw refused;
    // The account to try again keeps its slot while the loop backs off (and its request, in `run.asked`).
    let again: Account | undefined;
    while (trace.attempts < this.deps.maxAttempts) {
      const account = again ?? this.pickFree(accounts, run) ?? (await this.pick(accounts, run, signal));
      again = undefined;
      if (account === undefined) break;
      run.tried.add(account.id);
      // An account tried again was asked before it was called: no refusal, the same request.
      const asked = this.ask(account, run);
      if (asked.refusal !== undefined) {
        // Another account (another kind of upstream, or a model not replaced) takes it: no call, no attempt.
        this.inFlight.release(account.id);
        continue;
      }
      trace.attempts++;
      trace.lastAccount = account;
      this.deps.onAttempt?.(account);
      const outcome = await this.attempt(account, asked.request, run, signal, trace);
      if (!(outcome instanceof UpstreamError)) {
        this.succeeded(account, run);
        const { sessionKey } = run;
        if (!Array.isArray(outcome))
          return { account, attempts: trace.attempts, events: outcome, head: outcome.head, sessionKey };
        return {
          account,
          attempts: trace.attempts,
          events: settledEvents(outcome),
          whole: outcome,
          sessionKey,
        };
      }
      const attemptsLeft = this.deps.maxAttempts - trace.attempts;
      const next = await this.recover(account, outcome, run, accounts, signal, attemptsLeft).catch(
        (error: unknown) => {
          this.inFlight.release(account.id);
          throw error;
        },
      );
      if (next === "same") again = account;
      else this.inFlight.release(account.id);
      if (next === "stop") break;
    }
    if (run.lastError === undefined && run.refused !== undefined) throw run.refused;
    const last = run.lastError ?? new UpstreamError("no attempt was made", { kind: "network" });
    if (again !== undefined) {
      this.inFlight.release(again.id);
      // Only a token renewed after a 401 is left to try again once the attempts have run out.
      throw tokenRenewedTooLate(request.model, last);
    }
    const secrets = accounts.flatMap(({ credentials }) => [credentials.apiKey, credentials.refreshToken]);
    throw upstreamErrorToClient(last, request.model, run.lastKind, {
      secrets,
      freeInMs: this.freeInMs(accounts, run),
    });
  }

  /**
   * How soon a retry of the request could reach an account that serves its model: 0 when one not tried is
   * free now (max_attempts ran out before every account was tried), else when the first resting one frees
   * up. An account tried and left unrested (a capacity 429 retried in place) is not free: the upstream's
   * own delay stands (infinity here).
   */
  private freeInMs(accounts: readonly Account[], run: Run): number {
    if (chooseAccount(accounts, this.choiceContext(run)).account !== undefined) return 0;
    const next = chooseAccount(accounts, { ...this.choiceContext(run), tried: new Set<string>() });
    return next.blockedBy === "cooling" ? next.waitMs : Number.POSITIVE_INFINITY;
  }

  /** The next account to try when one is free now (no promise on the common path); else `pick` decides. */
  private pickFree(accounts: readonly Account[], run: Run): Account | undefined {
    const choice = chooseAccount(accounts, this.choiceContext(run));
    if (choice.account !== undefined) this.take(choice.account);
    return choice.account;
  }

  private take(account: Account): void {
    if (this.deps.strategy === "round_robin") this.lastRoundRobinId = account.id;
    // Taken at once, before any await, so concurrent requests woken together cannot pick the same slot.
    this.inFlight.acquire(account.id, this.deps.now());
  }

  /** The next account to try, waiting for a free slot when all are busy; undefined when none is left. */
  private async pick(
    accounts: readonly Account[],
    run: Run,
    signal: AbortSignal,
  ): Promise<Account | undefined> {
    for (;;) {
      const choice = chooseAccount(accounts, this.choiceContext(run));
      if (choice.account !== undefined) {
        this.take(choice.account);
        return choice.account;
      }
      if (choice.blockedBy === "busy") {
        const left = this.budget() - run.waitedMs;
        const started = this.deps.now();
        if (left <= 0 || !(await this.inFlight.waitForRelease(signal, left)))
          throw allAccountsBusy(run.request.requestedModel);
        run.waitedMs += Math.max(1, this.deps.now() - started);
        continue;
      }
      if (choice.blockedBy === "cooling" && run.lastError === undefined) {
        const seconds = Math.max(1, Math.ceil(choice.waitMs / 1000));
        throw allAccountsCooling(run.request.requestedModel, seconds, this.restingFor(accounts, run));
      }
      return undefined;
    }
  }

  /**
   * One upstream call, on a slot already taken, up to its first real output (hub/real-output.ts): the live
   * stream (which frees the slot when it ends) or, for a call that is not streamed and a client that reads it
   * whole, every event (the slot freed at once); or the failure (the slot is still held; the loop frees it).
   * The usage a failed call reported on the way (its stream's usage events, or what its error says it had
   * spent: UpstreamError.spent) goes to the trace's `spent`.
   */
  private async attempt(
    account: Account,
    request: GenerateRequest,
    run: Run,
    signal: AbortSignal,
    trace: PoolTrace,
  ): Promise<ReleasedStream | GenerateEvent[] | UpstreamError> {
    const client = this.deps.clients[account.kind];
    if (client === undefined)
      return new UpstreamError(`no client for accounts of kind ${account.kind}`, { kind: "network" });
    const head: IteratorResult<GenerateEvent>[] = [];
    try {
      if (!request.stream && client.complete !== undefined) {
        const events = await abortable(client.complete(account, request, signal), signal);
        this.inFlight.release(account.id);
        return events;
      }
      const iterator = client.generate(account, request, signal)[Symbol.asyncIterator]();
      // undici ignores an abort while a connect hangs: stop waiting at once and close the call behind us.
      const next = () =>
        abortable(iterator.next(), signal).catch((error: unknown) => {
          if (signal.aborted) iterator.return?.().catch(() => undefined);
          throw error;
        });
      await untilRealOutput(next, head);
      // From here on nothing is retried: an upstream failure is the client's error at once, naming the
      // model (as the loop's last failure does) and the kind of upstream that said it.
      const failedMidway = (error: unknown) =>
        error instanceof UpstreamError
          ? upstreamErrorToClient(error, run.request.model, account.kind, {
              secrets: [account.credentials.apiKey, account.credentials.refreshToken],
            })
          : error;
      return releasedStream(head, iterator, signal, () => this.inFlight.release(account.id), failedMidway);
    } catch (error) {
      addSpent(trace, lastUsage(eventsRead(head)));
      if (error instanceof UpstreamError) addSpent(trace, error.spent);
      if (signal.aborted || !(error instanceof UpstreamError)) {
        this.inFlight.release(account.id);
        throw error;
      }
      return error;
    }
  }

  /** The request as it goes to this account: its model replaced where the account's upstream deprecated it. */
  private requestFor(account: Account, run: Run): GenerateRequest {
    const model = this.deps.catalog?.replacement(account.id, run.request.model);
    return model === undefined ? run.request : { ...run.request, model };
  }

  /**
   * The account's request and refusal, worked out once per request and kept in `run.asked`: the up-front
   * check (`refusedByAll`), the loop and a retry of the same account all read that one record. The list is
   * as long as the accounts asked (one on the common path) and the latest asked is found first: a retry's.
   */
  private ask(account: Account, run: Run): Asked {
    for (let known = run.asked; known !== undefined; known = known.before) {
      if (known.accountId === account.id) return known;
    }
    const request = this.requestFor(account, run);
    const refusal = this.refusalOf(account, request);
    const asked: Asked = { accountId: account.id, request, refusal, before: run.asked };
    run.asked = asked;
    if (refusal !== undefined) {
      // Done with for this request, as if tried: never chosen, nor counted as an alternative to retrying.
      run.tried.add(account.id);
      run.refused ??= refusal;
    }
    return asked;
  }

  /** What the account's upstream is known to refuse in the request (a setting its model family lacks). */
  private refusalOf(account: Account, request: GenerateRequest): AgateError | undefined {
    return this.deps.clients[account.kind]?.refusal?.(account, request);
  }

  /**
   * The client's error at once, before any wait or call, when every account's upstream is known to refuse the
   * request: nothing is retried, cooled or counted as an attempt, and no 429 tells the client to come back
   * for an answer that will never come. Undefined when an account that serves the model takes it; the first
   * account's answer settles the common case (a request no upstream refuses) without looking further.
   */
  private refusedByAll(accounts: readonly Account[], run: Run): AgateError | undefined {
    const [head] = accounts;
    if (head === undefined) return undefined;
    const first = this.ask(head, run);
    if (first.refusal === undefined) return undefined;
    for (const account of servingAccounts(accounts, this.choiceContext(run))) {
      if (this.ask(account, run).refusal === undefined) return undefined;
    }
    return first.refusal;
  }

  /** Acts on a failure: try the same account again, another one, or stop. */
  private async recover(
    account: Account,
    error: UpstreamError,
    run: Run,
    accounts: readonly Account[],
    signal: AbortSignal,
    attemptsLeft = 1,
  ): Promise<"same" | "other" | "stop"> {
    run.lastError = error;
    run.lastKind = account.kind;
    const step = this.decide(account, error, run, accounts);
    switch (step.kind) {
      case "refresh":
        return this.refresh(account, run, accounts, signal, attemptsLeft);
      case "retry-same":
        // No attempt left: waiting first would only delay the answer.
        if (attemptsLeft <= 0) return "stop";
        await (this.deps.sleep ?? sleep)(step.delayMs, signal);
        run.retries++;
        run.waitedMs += step.delayMs;
        return "same";
      default:
        this.applyStep(account, run.request.model, step, error);
        return step.kind === "fail" ? "stop" : "other";
    }
  }

  private decide(account: Account, error: UpstreamError, run: Run, accounts: readonly Account[]): NextStep {
    const decision = classifyUpstreamError(error, this.deps.now());
    const scope = decision.cooldown?.scope === "model" ? run.request.model : undefined;
    return nextStep(decision, {
      canRefresh: this.deps.clients[account.kind]?.refresh !== undefined,
      refreshed: run.refreshed.has(account.id),
      alternatives: this.hasAlternative(account, run, accounts),
      retries: run.retries,
      waitedMs: run.waitedMs,
      budgetMs: this.budget(),
      backoffBaseMs: this.deps.retryBackoffMs ?? 500,
      strikes: this.deps.cooldowns.strikes(account.id, scope),
      ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      random: this.deps.random ?? Math.random,
    });
  }

  /**
   * Whether another account could take the request now (or once a slot frees): one whose upstream refuses it
   * is none, so each candidate is asked first (`ask` also marks a refusing one tried for the loop) — a free
   * one as the choice finds it, the busy ones when only busy ones are left.
   */
  private hasAlternative(account: Account, run: Run, accounts: readonly Account[]): boolean {
    const passedOver = new Set([...run.tried, account.id]);
    for (;;) {
      const context: ChoiceContext = { ...this.choiceContext(run), tried: passedOver };
      const others = chooseAccount(accounts, context);
      if (others.account === undefined)
        return others.blockedBy === "busy" && this.busyTakes(accounts, context, run);
      if (this.ask(others.account, run).refusal === undefined) return true;
      passedOver.add(others.account.id);
    }
  }

  /**
   * Whether an account the choice found only busy (serving the model, not passed over, rested) takes the
   * request: the one worth waiting for a slot on. Runs only after a failure, with every such account busy.
   */
  private busyTakes(accounts: readonly Account[], context: ChoiceContext, run: Run): boolean {
    for (const other of servingAccounts(accounts, context)) {
      if (context.tried.has(other.id) || context.coolingMs(other.id, context.model) !== 0) continue;
      if (this.ask(other, run).refusal === undefined) return true;
    }
    return false;
  }

  /**
   * Renews the account's token and says to try it again; a failed renewal is handled like any failure. A
   * token another process had stored is not the one refresh a request may spend: should it be refused too,
   * the token endpoint is still asked.
   */
  private async refresh(
    account: Account,
    run: Run,
    accounts: readonly Account[],
    signal: AbortSignal,
    attemptsLeft: number,
  ): Promise<"same" | "other" | "stop"> {
    run.refreshed.add(account.id);
    try {
      const from = await this.deps.clients[account.kind]?.refresh?.(account, signal);
      if (from === "store") run.refreshed.delete(account.id);
      return "same";
    } catch (error) {
      if (signal.aborted || !(error instanceof UpstreamError)) throw error;
      return this.recover(account, error, run, accounts, signal, attemptsLeft);
    }
  }

  private applyStep(account: Account, model: string, step: NextStep, error: UpstreamError): void {
    if (step.kind === "rotate" && step.disable === true) {
      this.deps.disable?.(
        account,
        `OAuth ${error.oauth?.error ?? "failure"}: ${error.oauth?.description ?? error.message}`,
      );
    }
    if ((step.kind === "rotate" || step.kind === "fail") && step.cooldown !== undefined) {
      const cooled = step.cooldown.scope === "model" ? model : undefined;
      this.deps.cooldowns.cool(account.id, cooled, step.cooldown.ms, step.cooldown.reason);
      if (step.cooldown.reason === "quota-exhausted" || step.cooldown.reason === "rate-limit") {
        this.deps.catalog?.invalidate(account.id);
      }
    }
  }

  /**
   * Ends the account's failure streaks and binds the conversation to it — unless the conversation is bound
   * to another account that is still healthy (it was only busy), which keeps the binding.
   */
  private succeeded(account: Account, run: Run): void {
    this.deps.cooldowns.succeeded(account.id, run.request.model);
    const { sessions, strategy } = this.deps;
    if (run.sessionKey === undefined || sessions === undefined || (strategy ?? "sticky") !== "sticky") return;
    const bound = sessions.accountFor(run.sessionKey);
    this.deps.observer?.sticky?.(bound === undefined ? "new" : bound === account.id ? "hit" : "miss");
    if (bound === undefined || bound === account.id || !this.healthy(bound, run.request.model)) {
      sessions.bind(run.sessionKey, account.id);
    }
  }

  private healthy(accountId: string, model: string): boolean {
    const account = this.deps.accounts().find((candidate) => candidate.id === accountId);
    return (
      account !== undefined &&
      isUsable(account) &&
      this.deps.cooldowns.remainingMs(accountId, model) === 0 &&
      this.deps.catalog?.serves(accountId, model) !== false
    );
  }

  /** What the accounts that serve the model rest for, in words (they all do). */
  private restingFor(accounts: readonly Account[], run: Run): string {
    const model = run.request.model;
    const serving = servingAccounts(accounts, this.choiceContext(run));
    return restingFor(serving.flatMap((account) => this.deps.cooldowns.reasonFor(account.id, model) ?? []));
  }

  /** The choice's lookups into the pool's state: the same for every choice, so made once. */
  private readonly lookups: Pick<
    ChoiceContext,
    "coolingMs" | "inFlight" | "capacity" | "serves" | "remainingFraction" | "lastUsedAt"
  > = {
    coolingMs: (id, model) => this.deps.cooldowns.remainingMs(id, model),
    inFlight: (id) => this.inFlight.count(id),
    capacity: (account) =>
      positiveOr(
        account.maxConcurrent,
        positiveOr(this.deps.maxConcurrentPerAccount ?? 0, Number.POSITIVE_INFINITY),
      ),
    serves: (id, model) => this.deps.catalog?.serves(id, model),
    remainingFraction: (id, model) => this.deps.catalog?.remainingFraction(id, model),
    lastUsedAt: (id) => this.inFlight.lastUsedAt(id),
  };

  private choiceContext(run: Run): ChoiceContext {
    const { lookups } = this;
    const context: ChoiceContext = {
      model: run.request.model,
      strategy: this.deps.strategy ?? "sticky",
      tried: run.tried,
      coolingMs: lookups.coolingMs,
      inFlight: lookups.inFlight,
      capacity: lookups.capacity,
      serves: lookups.serves,
      remainingFraction: lookups.remainingFraction,
      lastUsedAt: lookups.lastUsedAt,
    };
    const sticky = run.sessionKey === undefined ? undefined : this.deps.sessions?.accountFor(run.sessionKey);
    if (sticky !== undefined) context.stickyAccountId = sticky;
    if (this.lastRoundRobinId !== undefined) context.lastRoundRobinId = this.lastRoundRobinId;
    return context;
  }

  private budget(): number {
    return this.deps.retryWaitBudgetMs ?? 10_000;
  }
}

const positiveOr = (value: number | undefined, fallback: number): number =>
  value !== undefined && value > 0 ? value : fallback;

/** A whole answer as the stream interface gives it (for readers that do not look at `whole`). */
export function settledEvents(events: readonly GenerateEvent[]): AsyncIterable<GenerateEvent> {
  return new SettledEvents(events);
}

// A class, not an object literal with a generator method: the literal made a generator function (and its
// prototype object) per answer, the largest self time of the pool in a profile (bench/README.md).
class SettledEvents implements AsyncIterable<GenerateEvent> {
  constructor(private readonly events: readonly GenerateEvent[]) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<GenerateEvent> {
    yield* this.events;
  }
}
