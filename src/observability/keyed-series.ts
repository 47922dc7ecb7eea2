import type { Registry } from "prom-client";

/**
 * Counter and histogram families for the per-request series. prom-client's own validate, sort and hash the
 * label object on every inc/observe (nine times per request, 1.7% of the CPU at c=64, see bench/README.md);
 * here the caller finds a series once by a string key built from the label values (`at`), keeps it and counts
 * into it, and the family answers prom-client's `get()` at scrape time, so the registry (and a cluster
 * aggregator) renders it like its own.
 */

type Labels = Record<string, string>;

interface MetricValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

interface MetricSnapshot {
  name: string;
  help: string;
  type: "counter" | "histogram";
  values: MetricValue[];
  aggregator: "sum";
}

abstract class KeyedFamily<Series> {
  readonly aggregator = "sum";
  private readonly series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    registry: Registry,
  ) {
    registry.registerMetric(this as never);
  }

  /** The series for `key`; `labels` is called the first time only. */
  at(key: string, labels: () => Labels): Series {
    let series = this.series.get(key);
    if (series === undefined) {
      series = this.create(labels());
      this.series.set(key, series);
    }
    return series;
  }

  protected all(): IterableIterator<Series> {
    return this.series.values();
  }

  protected abstract create(labels: Labels): Series;
}

export interface CounterSeries {
  readonly labels: Labels;
  value: number;
}

export class KeyedCounter extends KeyedFamily<CounterSeries> {
  readonly type = "counter";

  get(): MetricSnapshot {
    const values = [...this.all()].map((series) => ({ labels: { ...series.labels }, value: series.value }));
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  protected create(labels: Labels): CounterSeries {
    return { labels, value: 0 };
  }
}

export interface HistogramSeries {
  readonly labels: Labels;
  /** Observations per bucket (not cumulative); the last one is +Inf. */
  readonly counts: number[];
  sum: number;
  count: number;
}

export class KeyedHistogram extends KeyedFamily<HistogramSeries> {
  readonly type = "histogram";

  constructor(
    name: string,
    help: string,
    registry: Registry,
    private readonly buckets: readonly number[],
  ) {
    super(name, help, registry);
  }

  /** Adds an observation to a series `at` gave (callers keep their series: see metrics.ts). */
  observeIn(series: HistogramSeries, value: number): void {
    let bucket = 0;
    while (bucket < this.buckets.length && value > (this.buckets[bucket] ?? 0)) bucket++;
    series.counts[bucket] = (series.counts[bucket] ?? 0) + 1;
    series.sum += value;
    series.count += 1;
  }

  get(): MetricSnapshot {
    const values: MetricValue[] = [];
    for (const series of this.all()) {
      let cumulative = 0;
      series.counts.forEach((count, index) => {
        cumulative += count;
        const le = this.buckets[index] ?? "+Inf";
        values.push({
          labels: { le, ...series.labels },
          value: cumulative,
          metricName: `${this.name}_bucket`,
        });
      });
      values.push({ labels: { ...series.labels }, value: series.sum, metricName: `${this.name}_sum` });
      values.push({ labels: { ...series.labels }, value: series.count, metricName: `${this.name}_count` });
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  protected create(labels: Labels): HistogramSeries {
    return { labels, counts: new Array<number>(this.buckets.length + 1).fill(0), sum: 0, count: 0 };
  }
}
