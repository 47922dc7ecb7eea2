import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { tempDir } from "../helpers/temp-dir.js";
import { testConfig } from "../helpers/test-config.js";

/**
 * A gateway that runs for weeks forgets, as it goes, the sticky sessions unused for a day, the thought
 * signatures past their 30 days and the ended cool-downs: the store does not grow with every conversation
 * until the next restart.
 */

const DAY_MS = 86_400_000;
const dataDir = tempDir("agate-stale-");
let clock = Date.UTC(2026, 0, 1);
let simulator: Simulator;
let gateway: Gateway;

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, quiet: true });
  const config = testConfig({
    data_dir: dataDir,
    accounts: ["a", "b"].map((name) => ({
      kind: "gemini",
      label: name,
      api_key: name,
      base_url: simulator.url,
    })),
  });
  gateway = await createGateway(config, { logger: false, now: () => clock });
});
afterAll(async () => {
  await gateway.close();
  await simulator.close();
});

function chat(content: string, model = "gemini-2.5-flash") {
  return gateway.app.inject({
    method: "POST",
    url: "/v1/chat/completions",
    payload: {
      model,
      messages: [{ role: "user", content }],
      tools: [{ type: "function", function: { name: "f" } }],
    },
  });
}

function rows(): Record<string, number> {
  const db = new Database(join(dataDir, "agate.db"), { readonly: true });
  try {
    const count = (table: string) =>
      (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return {
      sessions: count("sessions"),
      signatures: count("tool_signatures"),
      cooldowns: count("cooldowns"),
    };
  } finally {
    db.close();
  }
}

it("deletes stale sessions, old signatures and ended cool-downs while running, and keeps the live ones", async () => {
  simulator.script({ respond: { error: { status: 503 } } });
  simulator.script({
    forever: true,
    respond: { reply: { functionCalls: [{ name: "f", args: {} }], signature: true } },
  });
  expect((await chat("old conversation", "gemini-3-pro-preview")).statusCode).toBe(200);
  await new Promise((resolve) => setImmediate(resolve));
  expect(rows()).toEqual({ sessions: 1, signatures: 1, cooldowns: 1 });

  clock += 31 * DAY_MS;
  expect((await chat("new conversation", "gemini-3-pro-preview")).statusCode).toBe(200);
  await new Promise((resolve) => setImmediate(resolve));

  // The prune that runs by itself a second after start may have done it already.
  await gateway.pruneStaleState();
  expect(rows()).toEqual({ sessions: 1, signatures: 1, cooldowns: 0 });
  expect(await gateway.pruneStaleState()).toBe(0);
});
