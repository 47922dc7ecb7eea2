import { statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "../../test/helpers/temp-dir.js";
import {
  BACKSTOP_CHECKPOINT_PAGES,
  BackgroundCheckpoints,
  COMMIT_CHECKPOINT_PAGES,
} from "./background-checkpoints.js";
import { openDatabase, type SqliteDatabase } from "./database.js";

let db: SqliteDatabase | undefined;
let checkpoints: BackgroundCheckpoints | undefined;

// Before tempDir removes the store's directory, once the test has finished.
afterEach(async () => {
  await checkpoints?.stop();
  if (db?.open) db.close();
  db = checkpoints = undefined;
});

function store(): SqliteDatabase {
  db = openDatabase(tempDir("agate-checkpoints-"));
  db.exec("CREATE TABLE filler (data BLOB)");
  return db;
}

/** Writes `megabytes` in one commit each: far beyond the 1,000 pages (4 MB) that make a commit checkpoint. */
function write(into: SqliteDatabase, megabytes: number): void {
  const insert = into.prepare("INSERT INTO filler (data) VALUES (?)");
  for (let index = 0; index < megabytes; index++) insert.run(Buffer.alloc(1024 * 1024, index));
}

const walBytes = (into: SqliteDatabase): number => statSync(`${into.name}-wal`).size;
/** 4 KB pages: what `megabytes` of filler take in the WAL at least. */
const pagesOf = (megabytes: number): number => (megabytes * 1024 * 1024) / 4096;

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("background WAL checkpoints", () => {
  it("leaves checkpoints to the thread: commits past 1,000 pages do not copy the WAL themselves", async () => {
    const main = store();
    checkpoints = new BackgroundCheckpoints(main, { everyMs: 60_000, startAtBytes: 0 });
    expect(main.pragma("wal_autocheckpoint", { simple: true })).toBe(BACKSTOP_CHECKPOINT_PAGES);
    write(main, 12);
    // No thread has run yet (every minute) and no commit checkpointed: the WAL holds all 12 MB.
    expect(walBytes(main)).toBeGreaterThan(12 * 1024 * 1024);
  });

  it("checkpoints what the commits wrote, every few milliseconds here", async () => {
    const main = store();
    checkpoints = new BackgroundCheckpoints(main, { everyMs: 20, startAtBytes: 0 });
    write(main, 6);
    // A checkpoint of the thread's found the 6 MB in the WAL and copied every frame of it.
    await until(() => (checkpoints?.last?.log ?? 0) >= pagesOf(6));
    expect(checkpoints.last?.checkpointed).toBe(checkpoints.last?.log);
  });

  it("starts the thread only once the WAL has grown past startAtBytes", async () => {
    const main = store();
    checkpoints = new BackgroundCheckpoints(main, { everyMs: 10, startAtBytes: 2 * 1024 * 1024 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(checkpoints.started).toBe(false);
    expect(main.pragma("wal_autocheckpoint", { simple: true })).toBe(COMMIT_CHECKPOINT_PAGES);
    write(main, 3);
    await until(() => checkpoints?.started === true);
    expect(main.pragma("wal_autocheckpoint", { simple: true })).toBe(BACKSTOP_CHECKPOINT_PAGES);
    await until(() => (checkpoints?.done ?? 0) > 0);
  });

  it("keeps the WAL small while the gateway goes on writing: each round makes it start over", async () => {
    const main = store();
    checkpoints = new BackgroundCheckpoints(main, { everyMs: 20, startAtBytes: 0 });
    const insert = main.prepare("INSERT INTO filler (data) VALUES (?)");
    let largest = 0;
    // 20 MB in commits of 256 KB, 3 ms apart: a commit starts the WAL over only when every frame
    // was copied before it began, which a PASSIVE checkpoint alone never gets to here.
    for (let index = 0; index < 80; index++) {
      insert.run(Buffer.alloc(256 * 1024, index));
      largest = Math.max(largest, walBytes(main));
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    expect(checkpoints.done).toBeGreaterThan(2);
    // Measured: ≈ 5 MB with the restarts, the whole 21 MB without them.
    expect(largest).toBeLessThan(12 * 1024 * 1024);
  });

  it("without the thread, a commit checkpoints as SQLite's default does", async () => {
    const main = store();
    write(main, 12);
    expect(main.pragma("wal_autocheckpoint", { simple: true })).toBe(COMMIT_CHECKPOINT_PAGES);
    // The commits checkpointed along the way, so the WAL restarted and never held all 12 MB.
    expect(walBytes(main)).toBeLessThan(12 * 1024 * 1024);
  });

  it("gives checkpoints back to the commits when the thread fails, and says so", async () => {
    const main = store();
    const errors: Error[] = [];
    checkpoints = new BackgroundCheckpoints(main, {
      startAtBytes: 0,
      module: join(tmpdir(), "no-such-sqlite-module.js"),
      onError: (error) => errors.push(error),
    });
    await until(() => main.pragma("wal_autocheckpoint", { simple: true }) === COMMIT_CHECKPOINT_PAGES);
    expect(errors.map((error) => error.message).join("\n")).toMatch(/checkpoint thread stopped/);
  });

  it("stops with a last checkpoint, after which commits checkpoint again", async () => {
    const main = store();
    checkpoints = new BackgroundCheckpoints(main, { everyMs: 60_000, startAtBytes: 0 });
    write(main, 5);
    expect(checkpoints.done).toBe(0);
    await checkpoints.stop();
    expect(checkpoints.done).toBe(1);
    expect(checkpoints.last?.log).toBeGreaterThanOrEqual(pagesOf(5));
    expect(checkpoints.last?.checkpointed).toBe(checkpoints.last?.log);
    expect(main.pragma("wal_autocheckpoint", { simple: true })).toBe(COMMIT_CHECKPOINT_PAGES);
    await checkpoints.stop();
  });
});
