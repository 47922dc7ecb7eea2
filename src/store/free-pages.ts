import { BackgroundPrune } from "./background-prune.js";
import type { SqliteDatabase } from "./database.js";

/** Pages given back per step: ≈ 0.6 ms of the event loop when every one of them must be moved (4 KB pages). */
const PAGES_PER_STEP = 64;

/** Free pages kept for the rows to come, as a share of the file: a routine prune frees less, and moves nothing. */
const KEPT_FREE_SHARE = 0.1;

export interface FreePagesOptions {
  onError(error: unknown): void;
  /** How often it runs by itself once started (the first time a minute after). Default ten minutes, as the prunes. */
  intervalMs?: number;
}

/**
 * Gives the pages that prunes freed back to the file system, so that the store shrinks after a large prune
 * (a burst of stored responses reaching its retention, a lowered retention, log_bodies turned off) instead
 * of keeping its largest size forever. SQLite reuses free pages, so the file never grew past its peak, but
 * it never went below it either: 3,000 stored responses of 8 KB and their log rows, all pruned, left
 * 102 MB. `PRAGMA incremental_vacuum` moves pages from the file's end into the free ones and cuts the end
 * off (at the next checkpoint), a few pages per step with the event loop running between steps. A tenth
 * of the file stays free for the rows to come. Stores made before incremental auto_vacuum (database.ts)
 * cannot do this until converted (`PRAGMA auto_vacuum = INCREMENTAL; VACUUM`, see the README): for them it
 * does nothing.
 */
export function freePagesBack(db: SqliteDatabase, options: FreePagesOptions): BackgroundPrune {
  const freePages = () => db.pragma("freelist_count", { simple: true }) as number;
  const incremental = () => db.pragma("auto_vacuum", { simple: true }) === 2;
  return new BackgroundPrune({
    step: (chunk) => {
      if (!db.open || !incremental()) return 0;
      const free = freePages();
      const kept = Math.floor((db.pragma("page_count", { simple: true }) as number) * KEPT_FREE_SHARE);
      const pages = Math.min(chunk, free - kept);
      if (pages <= 0) return 0;
      db.pragma(`incremental_vacuum(${pages})`);
      // Fewer than `chunk` (the last step, or none given back) ends the run.
      return free - freePages();
    },
    chunk: PAGES_PER_STEP,
    intervalMs: options.intervalMs ?? 10 * 60_000,
    // A minute after the prunes (which run a second after start, then every ten minutes): what they freed.
    firstAfterMs: 60_000,
    onError: options.onError,
  });
}
