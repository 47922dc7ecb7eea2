import type { CheckpointResult } from "./background-checkpoints.js";
import { openDatabase, type SqliteDatabase } from "./database.js";

export interface SharedCheckpointOptions {
  /** How often a round runs. Default 250 ms, as the single process's thread. */
  everyMs?: number;
  onError?: (error: Error) => void;
}

/**
 * The WAL checkpoints of a store that several processes write (a cluster's workers), done by one process
 * that writes nothing itself (the primary), on its own event loop: one connection and no thread, where each
 * worker would otherwise start a checkpoint thread of its own (≈ 10 MB of RSS each, all copying the same
 * WAL). The workers' commits keep only the backstop (BACKSTOP_CHECKPOINT_PAGES), as with the thread.
 *
 * Each round is a PASSIVE checkpoint, then a RESTART one so that the next commit starts the WAL over (see
 * background-checkpoints.ts); a round is skipped while no other connection has committed since the last
 * one. It holds this process's event loop while it copies, a few milliseconds per megabyte written: the
 * primary only hands out connections and relays messages, so they wait that long at worst.
 */
export class SharedCheckpoints {
  private readonly db: SqliteDatabase;
  private readonly timer: NodeJS.Timeout;
  private seenVersion = -1;
  private count = 0;
  private latest: CheckpointResult | undefined;

  constructor(
    dataDir: string,
    private readonly options: SharedCheckpointOptions = {},
  ) {
    this.db = openDatabase(dataDir);
    this.timer = setInterval(() => this.round(), options.everyMs ?? 250);
    this.timer.unref();
  }

  /** Rounds that checkpointed. */
  get done(): number {
    return this.count;
  }

  /** What the last round found: the WAL's frames, and how many of them are in the database file now. */
  get last(): CheckpointResult | undefined {
    return this.latest;
  }

  /** One round now, unless nothing was committed since the last. */
  round(): void {
    try {
      const version = this.db.pragma("data_version", { simple: true }) as number;
      if (version === this.seenVersion) return;
      this.seenVersion = version;
      const [result] = this.db.pragma("wal_checkpoint(PASSIVE)") as { log: number; checkpointed: number }[];
      this.db.pragma("wal_checkpoint(RESTART)");
      this.count++;
      if (result !== undefined) this.latest = { log: result.log, checkpointed: result.checkpointed };
    } catch (error) {
      this.options.onError?.(new Error(`WAL checkpoint failed: ${(error as Error).message}`));
    }
  }

  /** A last round, and the connection closes. */
  stop(): void {
    if (!this.db.open) return;
    clearInterval(this.timer);
    this.seenVersion = -1;
    this.round();
    this.db.close();
  }
}
