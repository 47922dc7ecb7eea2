import { Counter, collectDefaultMetrics, Gauge, Registry } from "prom-client";
import type { PoolStatus } from "../pool/pool-support.js";
import { VERSION } from "../version.js";
import { ACCOUNT_STATES, accountState } from "./account-state.js";
import { type CounterSeries, type HistogramSeries, KeyedCounter, KeyedHistogram } from "./keyed-series.js";
import { LabelBudget } from "./label-budget.js";
import type { RequestRecord } from "./request-record.js";

/** What the per-account gauges read at each scrape. */
export interface PoolView {
  status(): PoolStatus[];
  /** Requests in flight upstream, all accounts. */
  inFlight(): number;
  /** Quota left per account id and model, where the upstream reports it. */
  quotas(): ReadonlyMap<string, readonly { model: string; remainingFraction?: number }[]>;
  now(): number;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const OVERHEAD_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];
/** Distinct model names kept as label values; more are counted as `other`. */
const MAX_MODELS = 100;

/**
 * agate's Prometheus series, in a registry of its own (several gateways may share a process in tests). Every
 * label value is a route pattern, a status, a closed vocabulary, an account id or a model name the upstream
 * accepted (bounded): never a key, a label the user typed, or client text.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly models = new LabelBudget(MAX_MODELS);
  private readonly requests;
  private readonly attempts;
  private readonly retries;
  private readonly duration;
  private readonly firstByte;
  private readonly overhead;
  private readonly tokens;
  private readonly cooldowns;
  private readonly sticky;

  constructor(pool: PoolView) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: "agate_build_info",
      help: "agate's version.",
      labelNames: ["version"],
      registers,
      aggregator: "first",
    }).set({ version: VERSION }, 1);
    const registry = this.registry;
    this.requests = new KeyedCounter(
      "agate_requests_total",
      "Requests answered, by route pattern, HTTP status and error type (agate_rate_limit: agate's own 429; upstream_rate_limit: the upstream's).",
      registry,
    );
    this.attempts = new KeyedCounter(
      "agate_upstream_attempts_total",
      "Upstream attempts made (every account tried, every retry).",
      registry,
    );
    this.retries = new KeyedCounter(
      "agate_upstream_retries_total",
      "Upstream attempts beyond the first of each request.",
      registry,
    );
    this.duration = new KeyedHistogram(
      "agate_request_duration_seconds",
      "From the request's arrival to the end of the answer.",
      registry,
      LATENCY_BUCKETS,
    );
    this.firstByte = new KeyedHistogram(
      "agate_time_to_first_byte_seconds",
      "From the request's arrival to the first byte of the answer.",
      registry,
      LATENCY_BUCKETS,
    );
    this.overhead = new KeyedHistogram(
      "agate_overhead_seconds",
      "agate's own time before the first byte: time to first byte minus the time spent waiting on the upstream.",
      registry,
      OVERHEAD_BUCKETS,
    );
    this.tokens = new KeyedCounter(
      "agate_tokens_total",
      "Tokens by upstream model and type (prompt, completion, reasoning, cached; reasoning is part of completion, cached of prompt).",
      registry,
    );
    this.cooldowns = new Counter({
      name: "agate_cooldowns_total",
      help: "Cool-downs given to accounts, by account id and failure class.",
      labelNames: ["account", "reason"],
      registers,
    });
    this.sticky = new KeyedCounter(
      "agate_sticky_sessions_total",
      "Conversations served by their bound account (hit), moved to another (miss), or new.",
      registry,
    );
    this.poolGauges(pool);
  }

  /**
   * Counts one finished request. The series of a route (and of a model's tokens) are found once and kept:
   * building label keys and closures per request was ≈ 1.5 KB of garbage per request at c=64. A series
   * appears on /metrics from its first count, as with prom-client.
   */
  record(record: RequestRecord): void {
    const { route } = record;
    let series = this.byRoute.get(route);
    if (series === undefined) {
      series = { requests: new Map(), duration: [], firstByte: [] };
      this.byRoute.set(route, series);
    }
    let byStatus = series.requests.get(record.status);
    if (byStatus === undefined) {
      byStatus = new Map();
      series.requests.set(record.status, byStatus);
    }
    let requests = byStatus.get(record.errorType);
    if (requests === undefined) {
      const status = String(record.status);
      const errorType = record.errorType;
      requests = this.requests.at(`${route}\0${status}\0${errorType}`, () => ({
        route,
        status,
        error_type: errorType,
      }));
      byStatus.set(errorType, requests);
    }
    requests.value += 1;
    if (record.attempts > 0) {
      series.attempts ??= this.attempts.at(route, () => ({ route }));
      series.attempts.value += record.attempts;
      if (record.attempts > 1) {
        series.retries ??= this.retries.at(route, () => ({ route }));
        series.retries.value += record.attempts - 1;
      }
    }
    const { stream } = record;
    this.duration.observeIn(timing(this.duration, series.duration, route, stream), record.totalMs / 1000);
    if (record.ttfbMs !== null)
      this.firstByte.observeIn(timing(this.firstByte, series.firstByte, route, stream), record.ttfbMs / 1000);
    if (record.overheadMs !== null) {
      series.overhead ??= this.overhead.at(route, () => ({ route }));
      this.overhead.observeIn(series.overhead, record.overheadMs / 1000);
    }
    if (record.mappedModel !== null && record.promptTokens + record.completionTokens > 0) {
      const tokens = this.tokenSeries(this.models.value(record.mappedModel));
      tokens[0].value += record.promptTokens;
      tokens[1].value += record.completionTokens;
      tokens[2].value += record.reasoningTokens;
      tokens[3].value += record.cachedTokens;
    }
  }

  private readonly byRoute = new Map<string, RouteSeries>();
  private readonly byModel = new Map<string, TokenSeries>();
  private readonly stickyBy: Partial<Record<StickyResult, CounterSeries>> = {};

  private tokenSeries(model: string): TokenSeries {
    let series = this.byModel.get(model);
    if (series !== undefined) return series;
    const of = (type: string) => this.tokens.at(`${model}\0${type}`, () => ({ model, type }));
    series = [of("prompt"), of("completion"), of("reasoning"), of("cached")];
    this.byModel.set(model, series);
    return series;
  }

  cooled(accountId: string, reason: string): void {
    this.cooldowns.inc({ account: accountId, reason: reason.replace(/[^a-z0-9_-]/gi, "_").slice(0, 40) });
  }

  stickySession(result: StickyResult): void {
    // Once per request: a keyed series kept per result, not prom-client's labelled inc (keyed-series.ts).
    let series = this.stickyBy[result];
    if (series === undefined) {
      series = this.sticky.at(result, () => ({ result }));
      this.stickyBy[result] = series;
    }
    series.value += 1;
  }

  private gather: () => Promise<string> = () => this.registry.metrics();

  /** The text exposition format. */
  render(): Promise<string> {
    return this.gather();
  }

  /** In a cluster worker: what `render` serves is the whole gateway's series, which `source` gathers. */
  renderWith(source: () => Promise<string>): void {
    this.gather = source;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private poolGauges(pool: PoolView): void {
    const registers = [this.registry];
    const models = this.models;
    new Gauge({
      name: "agate_account_state",
      help: "1 for the state each account is in (up, cooling: resting for some or every model, disabled), 0 for the others.",
      labelNames: ["account", "kind", "state"],
      registers,
      // Cluster workers share cool-downs and account states: one worker's view is the gateway's.
      aggregator: "first",
      collect() {
        this.reset();
        const now = pool.now();
        for (const status of pool.status()) {
          const current = accountState(status, now);
          for (const state of ACCOUNT_STATES)
            this.set({ account: status.id, kind: status.kind, state }, state === current ? 1 : 0);
        }
      },
    });
    new Gauge({
      name: "agate_account_in_flight",
      help: "Requests in flight upstream per account.",
      labelNames: ["account"],
      registers,
      collect() {
        this.reset();
        for (const status of pool.status()) this.set({ account: status.id }, status.inFlight);
      },
    });
    new Gauge({
      name: "agate_account_quota_remaining_ratio",
      help: "Share of the quota left per account and model, where the upstream reports it (Cloud Code).",
      labelNames: ["account", "model"],
      registers,
      aggregator: "first",
      collect() {
        this.reset();
        const quotas = pool.quotas();
        for (const status of pool.status()) {
          for (const quota of quotas.get(status.id) ?? []) {
            if (quota.remainingFraction === undefined) continue;
            this.set({ account: status.id, model: models.value(quota.model) }, quota.remainingFraction);
          }
        }
      },
    });
    new Gauge({
      name: "agate_requests_in_flight",
      help: "Requests in flight upstream, all accounts.",
      registers,
      collect() {
        this.set(pool.inFlight());
      },
    });
  }
}

/**
 * A route's series, each found on its first use: by status then error type for the request counter, by
 * `stream` (0 or 1) for the timings.
 */
interface RouteSeries {
  requests: Map<number, Map<string, CounterSeries>>;
  attempts?: CounterSeries;
  retries?: CounterSeries;
  duration: HistogramSeries[];
  firstByte: HistogramSeries[];
  overhead?: HistogramSeries;
}

/** The series of a timing family for a route and `stream`, kept in `found` (index 0 or 1) from its first use. */
function timing(
  family: KeyedHistogram,
  found: HistogramSeries[],
  route: string,
  stream: boolean,
): HistogramSeries {
  const index = stream ? 1 : 0;
  let series = found[index];
  if (series === undefined) {
    series = family.at(`${route}\0${stream}`, () => ({ route, stream: String(stream) }));
    found[index] = series;
  }
  return series;
}

type StickyResult = "hit" | "miss" | "new";

/** prompt, completion, reasoning, cached. */
type TokenSeries = [CounterSeries, CounterSeries, CounterSeries, CounterSeries];
