import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "../../test/helpers/temp-dir.js";
import type { Account } from "../pool/account.js";
import { SqliteAccountsRepository } from "../store/accounts-repository.js";
import { openDatabase, type SqliteDatabase } from "../store/database.js";
import { SqliteModelMappingRepository } from "../store/model-mapping-repository.js";
import { StoreWatcher } from "./store-watcher.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const account: Account = {
  id: "a",
  kind: "gemini",
  label: "added",
  enabled: true,
  credentials: { apiKey: "key" },
  source: "store",
};

/** The gateway's connection and another process's (`agate accounts`, another worker) on one store. */
function twoConnections(): { gateway: SqliteDatabase; other: SqliteDatabase } {
  const dir = tempDir("agate-watch-");
  const gateway = openDatabase(dir);
  const other = openDatabase(dir);
  cleanups.push(() => {
    gateway.close();
    other.close();
  });
  return { gateway, other };
}

/** What the other workers of a cluster write all the time: none of it is what the watcher re-reads. */
function busyWorkerWrites(db: SqliteDatabase): void {
  db.prepare(
    `INSERT INTO request_log (id, time, method, route, attempts, status, error_type, total_ms, prompt_tokens,
       completion_tokens, reasoning_tokens, cached_tokens, stream)
     VALUES ('r1', 1, 'POST', '/v1/chat/completions', 1, 200, 'none', 5, 1, 1, 0, 0, 0)`,
  ).run();
  db.prepare(
    `INSERT INTO usage_hourly VALUES (0, 'a', 'gemini-2.5-flash', 1, 0, 1, 1, 0, 0, 5)
     ON CONFLICT DO UPDATE SET requests = requests + 1`,
  ).run();
  db.prepare("INSERT OR REPLACE INTO account_requests VALUES ('a', '2026-01-01', 3)").run();
  db.prepare("INSERT OR REPLACE INTO cooldowns VALUES ('a', '', 99, 'rate_limited')").run();
  db.prepare("INSERT OR REPLACE INTO sessions VALUES ('s', 'a', 1)").run();
  db.prepare(
    "INSERT OR REPLACE INTO oauth_state (account_id, access_token, updated_at) VALUES ('a', 't', 1)",
  ).run();
  db.prepare("INSERT OR REPLACE INTO store_meta VALUES ('other', 'write')").run();
}

describe("StoreWatcher", () => {
  it("re-reads after another connection changed the accounts, not after its own change", () => {
    const { gateway, other } = twoConnections();
    let changes = 0;
    const watcher = new StoreWatcher(gateway, () => changes++);
    expect(watcher.check()).toBe(false);
    new SqliteAccountsRepository(gateway).upsert({ ...account, id: "own" });
    expect(watcher.check()).toBe(false);
    const accounts = new SqliteAccountsRepository(other);
    accounts.upsert(account);
    expect(watcher.check()).toBe(true);
    expect(watcher.check()).toBe(false);
    accounts.setEnabled("a", false, "off from the CLI");
    expect(watcher.check()).toBe(true);
    accounts.remove("a");
    expect(watcher.check()).toBe(true);
    expect(changes).toBe(3);
  });

  it("tries a re-read that failed again at the next check, with no other commit in between", () => {
    const { gateway, other } = twoConnections();
    const errors: unknown[] = [];
    let calls = 0;
    const watcher = new StoreWatcher(
      gateway,
      () => {
        calls++;
        if (calls === 1) throw new Error("database is locked");
      },
      (error) => errors.push(error),
    );
    new SqliteAccountsRepository(other).upsert(account);
    expect(watcher.check()).toBe(false);
    expect(errors).toHaveLength(1);
    expect(watcher.check()).toBe(true);
    expect(watcher.check()).toBe(false);
    expect(calls).toBe(2);
  });

  it("re-reads after another connection changed the model mapping", () => {
    const { gateway, other } = twoConnections();
    let changes = 0;
    const watcher = new StoreWatcher(gateway, () => changes++);
    const mapping = new SqliteModelMappingRepository(other);
    mapping.replace({ "gpt-4o": "gemini-2.5-pro" });
    expect(watcher.check()).toBe(true);
    mapping.replace({});
    expect(watcher.check()).toBe(true);
    expect(changes).toBe(2);
  });

  it("does not re-read after another connection wrote the request log, usage, cool-downs or tokens", () => {
    const { gateway, other } = twoConnections();
    let changes = 0;
    const watcher = new StoreWatcher(gateway, () => changes++);
    busyWorkerWrites(other);
    expect(watcher.check()).toBe(false);
    busyWorkerWrites(other);
    expect(watcher.check()).toBe(false);
    expect(changes).toBe(0);
    // A change that matters, amid the others, is still seen.
    new SqliteAccountsRepository(other).upsert(account);
    busyWorkerWrites(other);
    expect(watcher.check()).toBe(true);
    expect(changes).toBe(1);
  });
});
