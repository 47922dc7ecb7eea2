import { createGateway, type Gateway, type GatewayOptions } from "../../src/gateway.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { sequentialIds } from "./gateway.js";
import { testConfig } from "./test-config.js";

export interface Stack {
  simulator: Simulator;
  gateway: Gateway;
  /** http://127.0.0.1:PORT of agate, listening on a real socket. */
  url: string;
  close(): Promise<void>;
}

/**
 * The simulator plus agate with `accountCount` gemini accounts wired to it, on real sockets; `options` may
 * give the gateway its clock, or keep its store in data_dir (`inMemoryStore: false`).
 */
export async function startStack(
  accountCount = 1,
  overrides: Record<string, unknown> = {},
  options: Pick<GatewayOptions, "now" | "inMemoryStore"> = {},
): Promise<Stack> {
  const simulator = await startSimulator({ port: 0, quiet: true });
  const accounts = Array.from({ length: accountCount }, (_, index) => ({
    kind: "gemini",
    label: `account${index + 1}@test`,
    api_key: `sim-key-${index + 1}`,
    base_url: simulator.url,
  }));
  const gateway = await createGateway(testConfig({ accounts, ...overrides }), {
    logger: false,
    inMemoryStore: true,
    ids: sequentialIds(),
    ...options,
  });
  await gateway.app.listen({ port: 0, host: "127.0.0.1" });
  const address = gateway.app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    simulator,
    gateway,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await gateway.close();
      await simulator.close();
    },
  };
}
