import cluster, { type Worker } from "node:cluster";
import { CLUSTER_WORKER_ENV } from "../cli/serve.js";
import type { Config } from "../config/schema.js";
import { PrettyLog, writesPretty } from "../observability/pretty-log.js";
import { bindHost } from "../server/bind-address.js";
import type { ServingClaim } from "../store/serving-claim.js";
import { SharedCheckpoints } from "../store/shared-checkpoints.js";
import { isAgateMessage, type WorkerMessage } from "./messages.js";
import { prepareStore } from "./prepare-store.js";
import { primaryLog } from "./primary-log.js";
import { PrimaryRelay, send } from "./primary-relay.js";
import { nextRestart } from "./restart-policy.js";

/** After shutdown_timeout_ms, the workers get this much longer to exit before they are killed. */
const KILL_GRACE_MS = 3_000;

/**
 * The cluster's primary: prepares the store once, forks `count` workers that listen on the same port
 * (node:cluster hands them the connections), prints one "listening" line, restarts a worker that dies
 * (with back-off, giving up on a crash loop), relays state between workers, and on SIGINT/SIGTERM has
 * every worker finish its requests and exit. It serves no request itself.
 */
export function runPrimary(config: Config, count: number, claim: ServingClaim): Promise<void> {
  const pretty = writesPretty(config.log_format) ? new PrettyLog() : undefined;
  const log = primaryLog(config.log_level, pretty === undefined ? undefined : (line) => pretty.write(line));
  prepareStore(config, (message) => log.warn(message));
  // One process checkpoints the store's WAL for all workers, which then start no thread for it.
  const checkpoints = new SharedCheckpoints(config.data_dir, {
    onError: (error) => log.warn(error.message),
  });
  // Workers run this same command line: `serve` sees it is a worker and serves.
  const live = new Set<Worker>();
  const ready = new Set<Worker>();
  const relay = new PrimaryRelay(() => [...live]);
  const crashTimes: number[] = [];
  const restarts = new Set<NodeJS.Timeout>();
  let started = false;
  let stopping = false;
  let exitCode = 0;

  const finish = (code: number) => {
    for (const timer of restarts) clearTimeout(timer);
    checkpoints.stop();
    process.exit(code);
  };

  const stopAll = (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    // Another gateway may take the store while these workers finish their requests.
    claim.release();
    for (const timer of restarts) clearTimeout(timer);
    if (live.size === 0) finish(code);
    for (const worker of live) send(worker, { agate: "shutdown" });
    const kill = setTimeout(() => {
      log.error(`workers still running ${KILL_GRACE_MS} ms after shutdown_timeout_ms: killing them`, {
        reason,
      });
      for (const worker of live) worker.process.kill("SIGKILL");
      finish(1);
    }, config.shutdown_timeout_ms + KILL_GRACE_MS);
    kill.unref();
  };

  const fork = (): Worker => {
    const worker = cluster.fork({ [CLUSTER_WORKER_ENV]: "1" });
    live.add(worker);
    worker.on("message", (message: unknown) => {
      if (!isAgateMessage<WorkerMessage>(message)) return;
      if (message.agate === "ready") onReady(worker, message);
      else if (message.agate === "failed") onFailed(message);
      else relay.handle(worker, message);
    });
    worker.on("exit", (code, signal) => onExit(worker, code, signal));
    return worker;
  };

  const onReady = (worker: Worker, message: Extract<WorkerMessage, { agate: "ready" }>) => {
    ready.add(worker);
    relay.joined();
    if (started) {
      log.info("agate worker restarted", { worker: worker.process.pid });
      return;
    }
    if (ready.size < count) return;
    started = true;
    claim.listening(message.port);
    const host = bindHost(config);
    log.info(`agate listening on ${host}:${message.port} with ${count} workers`, {
      workers: count,
      accounts: message.accounts,
      auth: message.auth,
    });
    if (message.accountsWarning !== undefined) log.warn(message.accountsWarning);
  };

  let failure: string | undefined;
  const onFailed = (message: Extract<WorkerMessage, { agate: "failed" }>) => {
    if (started) {
      // A replacement that cannot start: its exit counts towards a crash loop.
      log.error(`an agate worker could not start: ${message.message}`);
      return;
    }
    if (failure !== undefined) return;
    failure = message.message;
    process.stderr.write(`agate: ${message.message}\n`);
    stopAll("a worker could not start", message.exitCode);
  };

  const onExit = (worker: Worker, code: number | null, signal: string | null) => {
    live.delete(worker);
    const wasReady = ready.delete(worker);
    relay.forget(worker);
    if (stopping) {
      if (code !== 0 && failure === undefined && exitCode === 0) exitCode = 1;
      if (live.size === 0) finish(exitCode);
      return;
    }
    const how = signal === null ? `code ${code}` : `signal ${signal}`;
    if (!started && !wasReady) {
      onFailed({
        agate: "failed",
        message: `a worker exited with ${how} before it was listening`,
        exitCode: 1,
      });
      return;
    }
    const now = Date.now();
    crashTimes.push(now);
    const decision = nextRestart(crashTimes, now);
    if (decision.giveUp) {
      log.fatal(`workers keep dying (${decision.recent} in a minute): stopping`, { exit: how });
      stopAll("crash loop", 1);
      return;
    }
    log.error(`agate worker ${worker.process.pid} exited with ${how}; restarting it`, {
      inMs: decision.delayMs,
    });
    const timer = setTimeout(() => {
      restarts.delete(timer);
      if (!stopping) fork();
    }, decision.delayMs);
    restarts.add(timer);
  };

  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      for (const worker of live) worker.process.kill("SIGKILL");
      finish(130);
    }
    signalled = true;
    log.info(`${signal}: letting in-flight requests finish (up to ${config.shutdown_timeout_ms} ms)`);
    stopAll(signal, 0);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  for (let index = 0; index < count; index++) fork();
  return new Promise(() => {});
}
