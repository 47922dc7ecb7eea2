import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createSimulatorServer } from "./server.js";
import type { Simulator, SimulatorOptions } from "./simulator-types.js";
import { SimulatorState } from "./state.js";

/** Starts a simulator on 127.0.0.1 (a random port unless `port` is given). */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const state = new SimulatorState(options);
  const server = createSimulatorServer(state);
  const host = options.host ?? "127.0.0.1";
  await listen(server, options.port ?? 0, host);
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  if (options.quiet !== true) process.stderr.write(`agate simulator listening on ${url}\n`);
  let closing: Promise<void> | undefined;
  return {
    url,
    get requests() {
      return state.requests;
    },
    script: (rule) => state.rules.add(rule),
    reset: () => state.reset(),
    close: () => {
      closing ??= stop(server, state);
      return closing;
    },
    addRefreshToken: (refreshToken, tokenOptions) => state.tokens.addRefreshToken(refreshToken, tokenOptions),
    expireAccessTokens: () => state.tokens.expireAccessTokens(),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

/** Stops listening, destroys every socket (hanging responses included) and releases pending timers. */
function stop(server: Server, state: SimulatorState): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
    state.waits.releaseAll();
  });
}
