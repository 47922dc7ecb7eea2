import { gracefulStop } from "../cli/serve.js";
import { ConfigError } from "../config/config-error.js";
import { checkGatewayConfig } from "../config/gateway-checks.js";
import type { Config } from "../config/schema.js";
import { createGateway, type Gateway } from "../gateway.js";
import { isUsable } from "../pool/account.js";
import { accountsWarning } from "../pool/accounts-warning.js";
import { resolveAuthMode } from "../server/auth.js";
import { bindHost, listenFailure } from "../server/bind-address.js";
import { listenQuietly } from "../server/listen-quietly.js";
import { WorkerLink } from "./worker-link.js";

/**
 * One cluster worker: the whole gateway on the shared port, its pool's state kept in step with the other
 * workers' through the primary. It reports to the primary instead of logging "listening", and says why it
 * could not start instead of printing it (the primary prints it once). The primary's "shutdown" and
 * SIGTERM stop it gracefully; SIGINT (a terminal's Ctrl+C reaches every process) is left to the primary.
 */
export async function runWorker(config: Config): Promise<void> {
  const link = new WorkerLink();
  process.on("SIGINT", () => {});
  let gateway: Gateway;
  try {
    checkGatewayConfig(config);
    // The primary checkpoints the store for every worker (SharedCheckpoints).
    gateway = await createGateway(config, { peers: link.peers, checkpointedElsewhere: true });
    link.attach(gateway.observability);
    await listenQuietly(gateway.app, { port: config.port, host: bindHost(config) });
  } catch (error) {
    const message = listenFailure(error, config);
    await link.send({
      agate: "failed",
      message,
      exitCode: error instanceof ConfigError ? error.exitCode : 1,
    });
    process.exit(error instanceof ConfigError ? error.exitCode : 1);
  }
  const stop = gracefulStop(gateway, config.shutdown_timeout_ms);
  link.whenShutdown(() => stop("shutdown"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  // The primary is gone (killed): nobody would restart or stop this worker.
  process.once("disconnect", () => stop("the cluster primary went away"));
  const address = gateway.app.server.address();
  const accounts = gateway.accounts();
  const warning = accountsWarning(accounts);
  await link.send({
    agate: "ready",
    port: typeof address === "object" && address !== null ? address.port : config.port,
    accounts: accounts.filter(isUsable).length,
    auth: resolveAuthMode(config),
    ...(warning === undefined ? {} : { accountsWarning: warning }),
  });
}
