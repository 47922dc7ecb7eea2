import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { tempDir } from "../helpers/temp-dir.js";
import { testConfig } from "../helpers/test-config.js";

/**
 * A cluster worker leaves its store's checkpoints to the primary (SharedCheckpoints): it starts no
 * checkpoint thread, and its commits do not checkpoint at SQLite's 1,000 pages. A single process does both.
 */

let simulator: Simulator | undefined;
let gateway: Gateway | undefined;
let dir: string | undefined;

// Before tempDir removes the store's directory, once the test has finished.
afterEach(async () => {
  await gateway?.close();
  await simulator?.close();
  gateway = simulator = dir = undefined;
});

async function gatewayWithFileStore(checkpointedElsewhere: boolean): Promise<Gateway> {
  simulator = await startSimulator({ port: 0, quiet: true });
  dir = tempDir("agate-worker-checkpoints-");
  const accounts = [{ kind: "gemini", api_key: "sim-key", base_url: simulator.url }];
  gateway = await createGateway(testConfig({ data_dir: dir, accounts }), {
    logger: false,
    checkpointedElsewhere,
  });
  return gateway;
}

/** Six stored responses of 1 MB of input each: 6 MB into the WAL, past the 2 MB that start a thread. */
async function storeSixMegabytes(into: Gateway): Promise<void> {
  for (let index = 0; index < 6; index++) {
    const reply = await into.app.inject({
      method: "POST",
      url: "/v1/responses",
      payload: { model: "gemini-2.5-flash", input: `${index} ${"x".repeat(1024 * 1024)}` },
    });
    expect(reply.statusCode).toBe(200);
  }
}

/** Frames the WAL holds since it last started over (read by a checkpoint of the test's own, at the end). */
function walFrames(dataDir: string): number {
  const db = new Database(join(dataDir, "agate.db"));
  try {
    const [result] = db.pragma("wal_checkpoint(PASSIVE)") as { log: number }[];
    return result?.log ?? 0;
  } finally {
    db.close();
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 800));

describe("WAL checkpoints of a cluster worker", () => {
  it("none of its own: the WAL holds every frame the worker wrote until the primary checkpoints", async () => {
    const worker = await gatewayWithFileStore(true);
    await storeSixMegabytes(worker);
    await settle();
    expect(walFrames(dir ?? "")).toBeGreaterThan(1_500);
  });

  it("a single process checkpoints without a primary: its WAL started over", async () => {
    const single = await gatewayWithFileStore(false);
    await storeSixMegabytes(single);
    await settle();
    expect(walFrames(dir ?? "")).toBeLessThan(1_000);
  });
});
