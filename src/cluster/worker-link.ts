import type { PeerChannel } from "../gateway.js";
import type { Observability } from "../observability/observability.js";
import type { RequestRecord } from "../observability/request-record.js";
import type { PoolStateChange } from "../pool/shared-state.js";
import { isAgateMessage, type PrimaryMessage, type WorkerMessage } from "./messages.js";

/** A scrape waits this long for the primary's sum before serving this worker's own series. */
const METRICS_WAIT_MS = 3_000;
/** How often the worker checks whether its live feed gained or lost dashboards. */
const WATCH_POLL_MS = 1_000;

/**
 * A worker's end of the cluster's IPC channel: its pool's changes go out and the others' come in (the
 * PeerChannel the gateway takes), /metrics serves the whole gateway's series, and the live feed carries the
 * requests other workers finished while a dashboard follows it here.
 */
export class WorkerLink {
  private applyChange: ((change: PoolStateChange) => void) | undefined;
  private observability: Observability | undefined;
  private readonly metricsWaiting = new Map<number, (text: string | undefined) => void>();
  private nextMetricsId = 0;
  private readonly relayed = new WeakSet<RequestRecord>();
  private stopForwarding: (() => void) | undefined;
  private reportedWatchers = 0;
  private onShutdown: () => void = () => process.exit(0);

  readonly peers: PeerChannel = {
    publish: (change) => this.send({ agate: "state", change }),
    onChange: (apply) => {
      this.applyChange = apply;
    },
  };

  constructor() {
    process.on("message", (message: unknown) => {
      if (isAgateMessage<PrimaryMessage>(message)) this.receive(message);
    });
  }

  /** Shares the metrics and live feed of the worker's gateway. */
  attach(observability: Observability): void {
    this.observability = observability;
    const local = observability.metrics.render.bind(observability.metrics);
    observability.metrics.renderWith(async () => (await this.clusterMetrics()) ?? local());
    const poll = setInterval(() => this.reportWatchers(), WATCH_POLL_MS);
    poll.unref();
  }

  /** What to do when the primary says stop (default: exit at once, nothing being served yet). */
  whenShutdown(stop: () => void): void {
    this.onShutdown = stop;
  }

  send(message: WorkerMessage): Promise<void> {
    return new Promise((resolve) => {
      if (process.send === undefined || !process.connected) {
        resolve();
        return;
      }
      process.send(message, undefined, {}, () => resolve());
    });
  }

  private receive(message: PrimaryMessage): void {
    switch (message.agate) {
      case "state":
        this.applyChange?.(message.change);
        break;
      case "metrics-collect":
        void this.collectMetrics(message.id);
        break;
      case "metrics-result":
        this.metricsWaiting.get(message.id)?.(message.text);
        break;
      case "peers-watching":
        this.forwardFeed(message.watching);
        break;
      case "feed":
        this.relayed.add(message.record);
        this.observability?.feed.publish(message.record);
        break;
      case "shutdown":
        this.onShutdown();
        break;
    }
  }

  private clusterMetrics(): Promise<string | undefined> {
    const id = this.nextMetricsId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(undefined), METRICS_WAIT_MS);
      const done = (text: string | undefined) => {
        clearTimeout(timer);
        this.metricsWaiting.delete(id);
        resolve(text);
      };
      this.metricsWaiting.set(id, done);
      void this.send({ agate: "metrics-request", id });
    });
  }

  private async collectMetrics(id: number): Promise<void> {
    const registry = this.observability?.metrics.registry;
    const metrics = registry === undefined ? [] : await registry.getMetricsAsJSON();
    await this.send({ agate: "metrics", id, metrics });
  }

  /** Dashboards here follow the other workers' requests too: forwarded by the primary while they watch. */
  private forwardFeed(watching: boolean): void {
    const feed = this.observability?.feed;
    if (feed === undefined) return;
    if (watching && this.stopForwarding === undefined) {
      this.stopForwarding = feed.subscribe((record) => {
        if (!this.relayed.has(record)) void this.send({ agate: "feed", record });
      });
    } else if (!watching && this.stopForwarding !== undefined) {
      this.stopForwarding();
      this.stopForwarding = undefined;
    }
  }

  private reportWatchers(): void {
    const feed = this.observability?.feed;
    if (feed === undefined) return;
    const count = feed.size - (this.stopForwarding === undefined ? 0 : 1);
    if (count === this.reportedWatchers) return;
    this.reportedWatchers = count;
    void this.send({ agate: "watchers", count });
  }
}
