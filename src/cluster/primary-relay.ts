import type { Worker } from "node:cluster";
import { AggregatorRegistry } from "prom-client";
import type { PrimaryMessage, WorkerMessage } from "./messages.js";

/** A scrape waits at most this long for the workers' series; the ones that answered are served. */
const METRICS_WAIT_MS = 2_000;

interface Gathering {
  asker: Worker;
  askId: number;
  responses: unknown[][];
  waiting: number;
  timer: NodeJS.Timeout;
}

/**
 * The primary's switchboard between workers: pool state changes go to every other worker, a /metrics scrape
 * gathers every worker's series and sums them (prom-client's cluster aggregation), and finished requests go
 * to the workers where a dashboard follows the live feed.
 */
export class PrimaryRelay {
  private readonly gatherings = new Map<number, Gathering>();
  private readonly watchers = new Map<Worker, number>();
  private readonly peersWatching = new Map<Worker, boolean>();
  private nextId = 0;

  constructor(private readonly workers: () => readonly Worker[]) {}

  /** Handles one of agate's messages from `from`; false when it is not the relay's to handle. */
  handle(from: Worker, message: WorkerMessage): boolean {
    switch (message.agate) {
      case "state":
        this.toOthers(from, message);
        return true;
      case "metrics-request":
        this.gather(from, message.id);
        return true;
      case "metrics":
        this.collected(message.id, message.metrics);
        return true;
      case "watchers":
        this.watchers.set(from, message.count);
        this.tellWatching();
        return true;
      case "feed":
        for (const worker of this.workers())
          if (worker !== from && (this.watchers.get(worker) ?? 0) > 0) send(worker, message);
        return true;
      default:
        return false;
    }
  }

  /** A worker started listening: it learns whether dashboards elsewhere follow the feed. */
  joined(): void {
    this.tellWatching();
  }

  /** A worker is gone: its dashboards no longer watch, and a scrape no longer waits for it. */
  forget(worker: Worker): void {
    this.watchers.delete(worker);
    this.peersWatching.delete(worker);
    this.tellWatching();
    for (const [id, gathering] of this.gatherings) {
      if (gathering.asker === worker) {
        clearTimeout(gathering.timer);
        this.gatherings.delete(id);
      }
    }
  }

  private toOthers(from: Worker, message: PrimaryMessage): void {
    for (const worker of this.workers()) if (worker !== from) send(worker, message);
  }

  private gather(asker: Worker, askId: number): void {
    const id = this.nextId++;
    const workers = this.workers().filter((worker) => worker.isConnected());
    const timer = setTimeout(() => void this.answer(id), METRICS_WAIT_MS);
    this.gatherings.set(id, { asker, askId, responses: [], waiting: workers.length, timer });
    for (const worker of workers) send(worker, { agate: "metrics-collect", id });
  }

  private collected(id: number, metrics: unknown[]): void {
    const gathering = this.gatherings.get(id);
    if (gathering === undefined) return;
    gathering.responses.push(metrics);
    gathering.waiting--;
    if (gathering.waiting <= 0) void this.answer(id);
  }

  private async answer(id: number): Promise<void> {
    const gathering = this.gatherings.get(id);
    if (gathering === undefined) return;
    this.gatherings.delete(id);
    clearTimeout(gathering.timer);
    let text: string;
    try {
      text = await AggregatorRegistry.aggregate(gathering.responses).metrics();
    } catch (error) {
      text = `# agate: the workers' metrics could not be summed: ${error instanceof Error ? error.message : String(error)}\n`;
    }
    send(gathering.asker, { agate: "metrics-result", id: gathering.askId, text });
  }

  /** Tells each worker whether a dashboard follows the feed in another worker, when that changes. */
  private tellWatching(): void {
    let total = 0;
    for (const count of this.watchers.values()) total += count;
    for (const worker of this.workers()) {
      const watching = total - (this.watchers.get(worker) ?? 0) > 0;
      if (this.peersWatching.get(worker) === watching) continue;
      this.peersWatching.set(worker, watching);
      send(worker, { agate: "peers-watching", watching });
    }
  }
}

/** Sends unless the worker is gone (then the message no longer matters). */
export function send(worker: Worker, message: PrimaryMessage): void {
  if (!worker.isConnected()) return;
  worker.send(message, undefined, () => {});
}
