import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import { checkGatewayConfig } from "../config/gateway-checks.js";
import { loadConfig } from "../config/load.js";
import type { Config } from "../config/schema.js";
import { createGateway, type Gateway } from "../gateway.js";
import { isUsable } from "../pool/account.js";
import { accountsWarning } from "../pool/accounts-warning.js";
import { resolveAuthMode } from "../server/auth.js";
import { bindHost, listenFailure } from "../server/bind-address.js";
import { listenQuietly } from "../server/listen-quietly.js";
import { unusedConnections } from "../server/unused-connections.js";
import { stopRequestsInFlight } from "../server/upstream-signal.js";
import { claimStore } from "../store/serving-claim.js";
import { flagsToConfig, type ServerFlags } from "./options.js";

export interface RunningServer {
  gateway: Gateway;
  url: string;
  port: number;
}

export interface ServerHooks {
  /** After the gateway has closed. */
  onClose?: () => Promise<void>;
  /** As soon as it starts stopping, before its requests in flight finish. */
  onStopping?: () => void;
}

/** Starts the gateway on the configured address and stops it cleanly on SIGINT/SIGTERM. */
export async function startServer(config: Config, hooks: ServerHooks = {}): Promise<RunningServer> {
  checkGatewayConfig(config);
  const gateway = await createGateway(config);
  const { onClose, onStopping } = hooks;
  if (onClose !== undefined) gateway.app.addHook("onClose", onClose);
  if (onStopping !== undefined)
    gateway.app.addHook("preClose", (done) => {
      onStopping();
      done();
    });
  const host = bindHost(config);
  try {
    await listenQuietly(gateway.app, { port: config.port, host });
  } catch (error) {
    await gateway.close();
    throw new Error(listenFailure(error, config));
  }
  // Before the "listening" line: a supervisor may send its SIGTERM as soon as it reads it.
  stopOnSignals(gateway, config.shutdown_timeout_ms);
  const address = gateway.app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : config.port;
  const shownHost =
    host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  const accounts = gateway.accounts();
  gateway.app.log.info(
    { accounts: accounts.filter(isUsable).length, auth: resolveAuthMode(config) },
    `agate listening on ${host}:${port}`,
  );
  const warning = accountsWarning(accounts);
  if (warning !== undefined) gateway.app.log.warn(warning);
  return { gateway, url: `http://${shownHost}:${port}`, port };
}

function stopOnSignals(gateway: Gateway, timeoutMs: number): void {
  const stop = gracefulStop(gateway, timeoutMs);
  const onSignal = (signal: NodeJS.Signals) => {
    if (!stop(signal)) process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
}

const IDLE_CLOSE_MS = 100;

/** How long the requests stopped at shutdown_timeout_ms have to write their error and be recorded. */
const STOPPED_REQUESTS_GRACE_MS = 1_000;

/** Set by agate's cluster primary in the environment of the workers it forks (not a config key). */
export const CLUSTER_WORKER_ENV = "AGATE_CLUSTER_WORKER";

/**
 * Returns `stop(why)`: stop taking requests, let those in flight finish (up to `timeoutMs`), exit. It
 * returns false when the gateway was already stopping.
 */
export function gracefulStop(gateway: Gateway, timeoutMs: number): (why: string) => boolean {
  const connections = unusedConnections(gateway.app.server);
  let stopping = false;
  return (why) => {
    if (stopping) return false;
    stopping = true;
    gateway.app.log.info(`${why}: letting in-flight requests finish (up to ${timeoutMs} ms)`);
    // Then what still runs is stopped with an answer (a stream's error frame, a 503), not cut by the exit;
    // the stop finishes once those are written, or the exit comes a moment later.
    const force = setTimeout(() => {
      stopRequestsInFlight();
      setTimeout(() => process.exit(0), STOPPED_REQUESTS_GRACE_MS).unref();
    }, timeoutMs);
    force.unref();
    // close() ends the connections idle at that moment; a keep-alive connection whose request finishes
    // later, or one that never sent a request, would otherwise hold the stop until timeoutMs.
    const idle = setInterval(() => {
      gateway.app.server.closeIdleConnections();
      connections.closeUnused();
    }, IDLE_CLOSE_MS);
    idle.unref();
    gateway.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
    return true;
  };
}

export async function serveCommand(flags: ServerFlags): Promise<void> {
  const config = loadConfig({
    flags: flagsToConfig(flags),
    env: process.env,
    ...(flags.config === undefined ? {} : { configFile: flags.config }),
  });
  // Only a worker agate's own primary forked: under another cluster (pm2's) agate runs as one process.
  if (cluster.isWorker && process.env[CLUSTER_WORKER_ENV] === "1")
    return (await import("../cluster/worker.js")).runWorker(config);
  // One gateway per store (its cluster's workers are that gateway): a second is refused, naming the first.
  const claim = claimStore(config.data_dir);
  const workers = workerCount(config.workers);
  if (workers > 1 && cluster.isPrimary)
    return (await import("../cluster/primary.js")).runPrimary(config, workers, claim);
  const { port } = await startServer(config, { onStopping: claim.release });
  claim.listening(port);
}

/** The `workers` setting as a number of processes: 0 means one per CPU. */
export function workerCount(setting: number): number {
  return setting === 0 ? availableParallelism() : setting;
}
