import { statSync } from "node:fs";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "../../test/helpers/temp-dir.js";
import { BACKSTOP_CHECKPOINT_PAGES } from "./background-checkpoints.js";
import { openDatabase, type SqliteDatabase } from "./database.js";
import { SharedCheckpoints } from "./shared-checkpoints.js";

let dir: string | undefined;
let worker: SqliteDatabase | undefined;
let checkpoints: SharedCheckpoints | undefined;

// Before tempDir removes the store's directory, once the test has finished.
afterEach(() => {
  checkpoints?.stop();
  if (worker?.open) worker.close();
  dir = worker = checkpoints = undefined;
});

/** A cluster worker's connection: its commits checkpoint only past the backstop, as createGateway sets it. */
function workerStore(): SqliteDatabase {
  dir = tempDir("agate-shared-checkpoints-");
  worker = openDatabase(dir);
  worker.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
  worker.exec("CREATE TABLE filler (data BLOB)");
  return worker;
}

function write(into: SqliteDatabase, megabytes: number, chunkBytes = 1024 * 1024): void {
  const insert = into.prepare("INSERT INTO filler (data) VALUES (?)");
  for (let index = 0; index < (megabytes * 1024 * 1024) / chunkBytes; index++)
    insert.run(Buffer.alloc(chunkBytes, index));
}

/** Another process's writes: 80 commits of 256 KB, 3 ms apart, with the backstop a worker has. */
const WRITER = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma("busy_timeout = 5000");
db.pragma("wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}");
const insert = db.prepare("INSERT INTO filler (data) VALUES (?)");
let count = 0;
const step = () => {
  insert.run(Buffer.alloc(256 * 1024, count));
  if (++count < 80) return setTimeout(step, 3);
  db.close();
  parentPort.postMessage("done");
};
step();
`;

const walBytes = (into: SqliteDatabase): number => statSync(`${into.name}-wal`).size;
const pagesOf = (megabytes: number): number => (megabytes * 1024 * 1024) / 4096;

describe("WAL checkpoints shared by a cluster's workers", () => {
  it("a round copies what another connection committed, every frame of it", () => {
    const db = workerStore();
    checkpoints = new SharedCheckpoints(dir ?? "", { everyMs: 60_000 });
    write(db, 6);
    expect(walBytes(db)).toBeGreaterThan(6 * 1024 * 1024);
    checkpoints.round();
    expect(checkpoints.done).toBe(1);
    expect(checkpoints.last?.log).toBeGreaterThanOrEqual(pagesOf(6));
    expect(checkpoints.last?.checkpointed).toBe(checkpoints.last?.log);
  });

  it("keeps the WAL small while another process goes on writing: each round makes it start over", async () => {
    const db = workerStore();
    checkpoints = new SharedCheckpoints(dir ?? "", { everyMs: 20 });
    // 20 MB in commits of 256 KB, 3 ms apart, from a thread of its own (a worker process, here a thread):
    // a commit starts the WAL over only when every frame was copied before it began, which a PASSIVE
    // checkpoint alone never gets to while the writes go on.
    const writer = new Worker(WRITER, {
      eval: true,
      workerData: { module: createRequire(import.meta.url).resolve("better-sqlite3"), path: db.name },
    });
    const done = new Promise((resolve, reject) => {
      writer.once("message", resolve);
      writer.once("error", reject);
    });
    let largest = 0;
    let writing = true;
    void done.then(() => {
      writing = false;
    });
    while (writing) {
      largest = Math.max(largest, walBytes(db));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await done;
    expect(checkpoints.done).toBeGreaterThan(2);
    // Measured: ≈ 1.4 MB with the restarts, ≈ 21 MB without them.
    expect(largest).toBeLessThan(12 * 1024 * 1024);
  });

  it("skips a round while nothing was committed since the last one", () => {
    const db = workerStore();
    checkpoints = new SharedCheckpoints(dir ?? "", { everyMs: 60_000 });
    write(db, 1);
    checkpoints.round();
    checkpoints.round();
    expect(checkpoints.done).toBe(1);
    write(db, 1);
    checkpoints.round();
    expect(checkpoints.done).toBe(2);
  });

  it("runs by itself every everyMs", async () => {
    const db = workerStore();
    checkpoints = new SharedCheckpoints(dir ?? "", { everyMs: 10 });
    write(db, 3);
    const deadline = Date.now() + 5_000;
    while ((checkpoints.last?.log ?? 0) < pagesOf(3)) {
      if (Date.now() > deadline) throw new Error("no round checkpointed the 3 MB within 5 s");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  });

  it("stops with a last round, and closes its connection", () => {
    const db = workerStore();
    checkpoints = new SharedCheckpoints(dir ?? "", { everyMs: 60_000 });
    write(db, 5);
    checkpoints.stop();
    expect(checkpoints.done).toBe(1);
    expect(checkpoints.last?.checkpointed).toBe(checkpoints.last?.log);
    checkpoints.stop();
    checkpoints.round();
    expect(checkpoints.done).toBe(1);
  });

  it("a round that fails says so", () => {
    workerStore();
    const errors: Error[] = [];
    checkpoints = new SharedCheckpoints(dir ?? "", { everyMs: 60_000, onError: (e) => errors.push(e) });
    checkpoints.stop();
    checkpoints.round();
    expect(errors.map((error) => error.message)).toEqual([expect.stringMatching(/^WAL checkpoint failed: /)]);
  });
});
