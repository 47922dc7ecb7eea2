import type { RequestRecord } from "../observability/request-record.js";
import type { PoolStateChange } from "../pool/shared-state.js";

/**
 * What the primary and its workers tell each other over the cluster's IPC channel. Every message carries
 * an `agate` field naming it, so messages of other libraries on the same channel are left alone.
 */

/** Worker → primary. */
export type WorkerMessage =
  /** Listening; what the primary's one "listening" line reports. */
  | { agate: "ready"; port: number; accounts: number; auth: string; accountsWarning?: string }
  /** Could not start (port in use, bad store): the primary says it once and exits with `exitCode`. */
  | { agate: "failed"; message: string; exitCode: number }
  /** A change of the pool's state, for the other workers. */
  | { agate: "state"; change: PoolStateChange }
  /** A scrape of /metrics reached this worker: the whole gateway's series, please. */
  | { agate: "metrics-request"; id: number }
  /** This worker's series (prom-client's JSON form), answering `metrics-collect`. */
  | { agate: "metrics"; id: number; metrics: unknown[] }
  /** How many dashboards follow this worker's live feed. */
  | { agate: "watchers"; count: number }
  /** A finished request, for the dashboards following other workers. */
  | { agate: "feed"; record: RequestRecord };

/** Primary → worker. */
export type PrimaryMessage =
  | { agate: "state"; change: PoolStateChange }
  | { agate: "metrics-collect"; id: number }
  | { agate: "metrics-result"; id: number; text: string }
  /** Whether a dashboard follows the live feed in another worker (then finished requests go there too). */
  | { agate: "peers-watching"; watching: boolean }
  | { agate: "feed"; record: RequestRecord }
  /** Stop taking requests, let those in flight finish, exit. */
  | { agate: "shutdown" };

/** Whether an IPC message is one of agate's (any other is ignored). */
export function isAgateMessage<T extends { agate: string }>(message: unknown): message is T {
  return (
    typeof message === "object" &&
    message !== null &&
    typeof (message as { agate?: unknown }).agate === "string"
  );
}
