import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { SqliteAccountsRepository } from "../../src/store/accounts-repository.js";
import { openDatabase } from "../../src/store/database.js";
import { agate } from "../accounts/support.js";
import { tempDir } from "../helpers/temp-dir.js";
import { waitUntil } from "../helpers/wait-until.js";
import { pidsOf, type Running, startCluster } from "./support.js";

/**
 * Every worker of `serve --workers 2` re-reads the accounts another process changed, but the gateway says
 * so once: one "accounts changed in the store" line per change, not one per worker — also after the worker
 * that said it was replaced, and for a change made while it was down.
 */

const CHANGED = "accounts changed in the store";
/** Enough for every worker to have polled the store several times (accounts_reload_ms is 100 here). */
const SETTLE_MS = 800;

describe("agate serve --workers 2: a change of the accounts in the store", () => {
  let simulator: Simulator;
  let running: Running;
  let home: string;

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, quiet: true });
    home = tempDir("agate-cluster-reload-");
    running = await startCluster(home, ["--workers", "2"], { AGATE_ACCOUNTS_RELOAD_MS: "100" });
  }, 30_000);

  afterAll(async () => {
    if (running?.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill("SIGKILL");
      await running.exited;
    }
    await simulator?.close();
  });

  const changedLines = () => running.lines.filter((line) => line.msg === CHANGED);
  const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

  const chat = async (text: string): Promise<number> => {
    const client = new OpenAI({ baseURL: `${running.url}/v1`, apiKey: "unused", maxRetries: 0 });
    const { response } = await client.chat.completions
      .create({ model: "gemini-2.5-flash", messages: [{ role: "user", content: text }] })
      .withResponse();
    return response.status;
  };

  it("is logged once, and every worker serves with the new account", async () => {
    const added = await agate(
      home,
      ["accounts", "add", "gemini", "--label", "hot", "--base-url", simulator.url],
      { input: "sim-reload-key" },
    );
    expect(added.code, added.stderr).toBe(0);
    await waitUntil("the change logged", () => changedLines().length > 0, 5_000);
    await settle();
    expect(changedLines()).toHaveLength(1);
    expect(changedLines()[0]).toMatchObject({ added: ["hot"] });

    // Both workers reloaded: each serves with the account (node:cluster hands connections round robin).
    const mark = running.lines.length;
    const statuses = await Promise.all(Array.from({ length: 8 }, (_, index) => chat(`after ${index}`)));
    expect(statuses.every((status) => status === 200)).toBe(true);
    await waitUntil("both workers serving", () => pidsOf(running.lines.slice(mark)).size === 2);
  });

  it("is still logged once after the worker that logs it was replaced", async () => {
    const reporter = changedLines()[0]?.pid;
    if (typeof reporter !== "number" || reporter <= 0) throw new Error("no reporting worker pid seen");
    process.kill(reporter, "SIGKILL");
    await waitUntil(
      "the replacement worker",
      () => running.lines.some((line) => line.msg === "agate worker restarted"),
      10_000,
    );
    const disabled = await agate(home, ["accounts", "disable", "hot"]);
    expect(disabled.code, disabled.stderr).toBe(0);
    await waitUntil("the second change logged", () => changedLines().length > 1, 5_000);
    await settle();
    expect(changedLines()).toHaveLength(2);
    expect(changedLines()[1]).toMatchObject({ off: ["hot"] });
    expect(changedLines()[1]?.pid).not.toBe(reporter);
  });

  it("is logged when it lands while the worker that logged the last one is down", async () => {
    const reporter = changedLines().at(-1)?.pid;
    if (typeof reporter !== "number" || reporter <= 0) throw new Error("no reporting worker pid seen");
    const mark = running.lines.length;
    process.kill(reporter, "SIGKILL");
    await waitUntil("the primary restarting it", () =>
      running.lines.slice(mark).some((line) => String(line.msg).includes(`${reporter} exited`)),
    );
    // Straight into the store, within the restart delay (≥ 250 ms) and before the replacement has started.
    const db = openDatabase(home);
    try {
      const accounts = new SqliteAccountsRepository(db);
      const hot = accounts.list().find((account) => account.label === "hot");
      expect(accounts.setEnabled(hot?.id ?? "", true)).toBe(true);
    } finally {
      db.close();
    }
    // The race this test is about: the change landed before the replacement started (else it took the
    // ordinary path, and the test proved nothing).
    expect(running.lines.slice(mark).some((line) => line.msg === "agate worker restarted")).toBe(false);
    await waitUntil("the third change logged", () => changedLines().length > 2, 5_000);
    await waitUntil(
      "the replacement worker",
      () => running.lines.slice(mark).some((line) => line.msg === "agate worker restarted"),
      10_000,
    );
    await settle();
    expect(changedLines()).toHaveLength(3);
    expect(changedLines()[2]).toMatchObject({ on: ["hot"] });
    expect(changedLines()[2]?.pid).not.toBe(reporter);
  });
});
