import { statSync } from "node:fs";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { SqliteDatabase } from "./database.js";

/** Pages the WAL may hold before a commit checkpoints it (SQLite's default), while no thread does it. */
export const COMMIT_CHECKPOINT_PAGES = 1000;

/**
 * The same while the thread runs: only a backstop (40 MB), should the thread's restarts fail for long
 * (a reader that never ends). With them the WAL stayed under 17 MB at 66 MB/s of writes.
 */
export const BACKSTOP_CHECKPOINT_PAGES = 10_000;

/**
 * The thread's program: its own connection to the store and, every `everyMs`, a PASSIVE checkpoint (it
 * waits for no reader or writer: it copies what the WAL holds while the gateway goes on writing), then a
 * RESTART one, which copies the few frames written meanwhile and makes the next commit start the WAL over.
 * Without the restart the WAL grew without end under steady writes (277 MB in 5 s of saves), since a
 * commit restarts it only when every frame was copied before it began. The restart holds off the
 * gateway's commits while it copies those few frames. Each round is reported to the main thread; "stop"
 * runs a last one and closes.
 */
const SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma("busy_timeout = 1000");
const checkpoint = () => {
  try {
    const [result] = db.pragma("wal_checkpoint(PASSIVE)");
    db.pragma("wal_checkpoint(RESTART)");
    parentPort.postMessage({ checkpointed: result.checkpointed, log: result.log });
  } catch (error) {
    parentPort.postMessage({ failed: String((error && error.message) || error) });
  }
};
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on("message", (message) => {
  if (message !== "stop") return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export interface CheckpointResult {
  log: number;
  checkpointed: number;
}

export interface CheckpointOptions {
  /** How often the thread checkpoints, and how often the WAL's size is looked at until then. Default 250 ms. */
  everyMs?: number;
  /** The thread starts once the WAL has held this many bytes. Default 2 MB (half of what makes a commit checkpoint). */
  startAtBytes?: number;
  /** A failed checkpoint, or the thread's end before `stop` (commits then checkpoint again). */
  onError?: (error: Error) => void;
  /** better-sqlite3's entry point for the thread; tests give a wrong one to see the thread fail. */
  module?: string;
}

/**
 * Moves the WAL's checkpoints off the event loop. A commit that takes the WAL past 1,000 pages copies
 * them into the database file and syncs it, inside the commit: a stall of ≈ 5–8 ms every ≈ 4 MB written
 * (stored responses, the request log; `bench/ab.mjs` with BENCH_AB_WORKLOAD=largeResponse and
 * BENCH_AB_RESPONSES=1 shows it at c=1). Here the commits leave that to a worker thread with its own
 * connection (groups of eight saves written for 5 s: p99 0.74 against 8.3–11.8 ms, max 9.7 against 10–20
 * ms); if the thread stops, commits checkpoint again as before. While a RESTART holds off writers, a write
 * transaction waits (busy_timeout) if its first statement writes, but one that read first gets SQLITE_BUSY
 * at once (SQLite cannot wait there without a deadlock): every write transaction of agate's writes first,
 * and a new one should too (or begin with `.immediate()`). A thread costs ≈ 10 MB of RSS (its
 * own V8 heap), so it starts only once the WAL has grown past `startAtBytes`: a gateway that writes little
 * (a laptop's) never pays for it, and its commits checkpoint rarely anyway.
 */
export class BackgroundCheckpoints {
  private worker: Worker | undefined;
  private readonly watch: NodeJS.Timeout | undefined;
  private stopping: Promise<void> | undefined;
  private exited = false;
  private count = 0;
  private latest: CheckpointResult | undefined;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly options: CheckpointOptions = {},
  ) {
    const startAt = options.startAtBytes ?? 2 * 1024 * 1024;
    if (startAt <= 0) {
      this.start();
      return;
    }
    this.watch = setInterval(() => {
      if (walBytes(db.name) < startAt) return;
      clearInterval(this.watch);
      this.start();
    }, options.everyMs ?? 250);
    this.watch.unref();
  }

  /** Whether the thread has started. */
  get started(): boolean {
    return this.worker !== undefined;
  }

  private start(): void {
    const { db, options } = this;
    if (this.stopping !== undefined || !db.open) return;
    db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
    const worker = new Worker(SOURCE, {
      eval: true,
      workerData: {
        module: options.module ?? createRequire(import.meta.url).resolve("better-sqlite3"),
        path: db.name,
        everyMs: options.everyMs ?? 250,
      },
    });
    this.worker = worker;
    // The thread never keeps the process alive: a stop that is never called loses nothing (the last
    // connection to close checkpoints anyway).
    worker.unref();
    const onError = options.onError ?? (() => undefined);
    worker.on("message", (message: CheckpointResult & { failed?: string }) => {
      if (message.failed !== undefined) onError(new Error(`WAL checkpoint failed: ${message.failed}`));
      else {
        this.count++;
        this.latest = { log: message.log, checkpointed: message.checkpointed };
      }
    });
    worker.on("error", (error) => onError(error));
    worker.on("exit", () => {
      this.exited = true;
      if (this.stopping !== undefined || !this.db.open) return;
      this.db.pragma(`wal_autocheckpoint = ${COMMIT_CHECKPOINT_PAGES}`);
      onError(new Error("the WAL checkpoint thread stopped: commits checkpoint again"));
    });
  }

  /** Checkpoints the thread has done. */
  get done(): number {
    return this.count;
  }

  /** What the last one found: the WAL's frames, and how many of them are in the database file now. */
  get last(): CheckpointResult | undefined {
    return this.latest;
  }

  /** A last checkpoint, then the thread ends; the commits checkpoint again after it. */
  stop(): Promise<void> {
    clearInterval(this.watch);
    const worker = this.worker;
    if (worker === undefined || this.exited) {
      this.stopping ??= Promise.resolve();
      return this.stopping;
    }
    this.stopping ??= new Promise<void>((resolve) => {
      worker.once("exit", () => {
        if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${COMMIT_CHECKPOINT_PAGES}`);
        resolve();
      });
      worker.postMessage("stop");
    });
    return this.stopping;
  }
}

/** The size of the store's WAL file; 0 while there is none. */
function walBytes(databasePath: string): number {
  try {
    return statSync(`${databasePath}-wal`).size;
  } catch {
    return 0;
  }
}
