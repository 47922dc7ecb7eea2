import { closeSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";

/**
 * One `agate serve` per store. Two would share agate.db but keep their cool-downs, failure streaks and
 * in-flight counts apart, each calling accounts the other has rested. The gateway (the cluster's primary,
 * for a cluster) holds an exclusive SQLite lock on `<data_dir>/serve.lock` while it runs: the operating
 * system drops it when the process ends, `kill -9` included, so a gateway that died leaves nothing that
 * could stop the next one. Who holds it (pid, host, port) is kept in `<data_dir>/serving.json` to be
 * named to a second gateway; that record alone never stops one. It is a plain file, not a row of agate.db:
 * opening the store here (and closing it, which checkpoints its WAL, all of it after a `kill -9`) would
 * come on top of the gateway's own opening at every start. `agate accounts ...` and `agate stats` never
 * take the lock. Nothing here runs on a request.
 */

const LOCK_FILE = "serve.lock";
const RECORD_FILE = "serving.json";

/** Who serves a store, as the holder of its lock wrote it. */
export interface ServingRecord {
  pid: number;
  host: string;
  /** Absent until it listens. */
  port?: number;
  since: string;
}

export interface ServingClaim {
  /** Records the port the gateway listens on, for a second gateway's message. */
  listening(port: number): void;
  /** Lets another gateway take the store (at the start of a graceful stop; an exit does it anyway). */
  release(): void;
}

/** The store is served by another gateway; the message is the one line an operator sees. */
export class StoreInUseError extends Error {
  constructor(
    readonly storePath: string,
    readonly holder: ServingRecord | undefined,
  ) {
    super(storeInUseMessage(storePath, holder));
    this.name = "StoreInUseError";
  }
}

/** Held locks, referenced here so that no collection of a Database object ever closes one. */
const held = new Set<Database.Database>();

/**
 * Takes `dataDir`'s serve lock, or throws StoreInUseError naming the gateway that holds it. A lock file
 * that cannot be made (a data_dir that is not writable) is not this check's to report: opening the store
 * says it next, with its own message.
 */
export function claimStore(dataDir: string, now: () => number = Date.now): ServingClaim {
  const lock = openLock(dataDir);
  if (lock === undefined) return { listening: () => {}, release: () => {} };
  try {
    lock.exec("BEGIN EXCLUSIVE");
  } catch (error) {
    lock.close();
    if (!isBusy(error)) return { listening: () => {}, release: () => {} };
    throw new StoreInUseError(join(dataDir, "agate.db"), readRecord(dataDir));
  }
  held.add(lock);
  const record: ServingRecord = { pid: process.pid, host: hostname(), since: new Date(now()).toISOString() };
  writeRecord(dataDir, record);
  return {
    // Not once released: another gateway may hold the store by then (a cluster's last worker can get ready
    // after its primary was told to stop), and this record would name the wrong one.
    listening: (port) => {
      if (held.has(lock)) writeRecord(dataDir, { ...record, port });
    },
    release: () => {
      if (!held.delete(lock)) return;
      lock.close();
    },
  };
}

function openLock(dataDir: string): Database.Database | undefined {
  const path = join(dataDir, LOCK_FILE);
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    closeSync(openSync(path, "a", 0o600));
    // No waiting: a lock held now is held by a gateway that runs.
    return new Database(path, { timeout: 0 });
  } catch {
    return undefined;
  }
}

const isBusy = (error: unknown): boolean =>
  String((error as { code?: unknown }).code ?? "").startsWith("SQLITE_BUSY");

function writeRecord(dataDir: string, record: ServingRecord): void {
  const path = join(dataDir, RECORD_FILE);
  const written = `${path}.${process.pid}.tmp`;
  try {
    // Renamed into place, so that a second gateway reads a whole record or the one before.
    writeFileSync(written, JSON.stringify(record), { mode: 0o600 });
    renameSync(written, path);
  } catch {
    // Only what a second gateway's message names; the gateway's own opening reports a store it cannot use.
  }
}

/** The holder's record, when it is the holder's: one naming a process gone from this host is an older one. */
function readRecord(dataDir: string): ServingRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(join(dataDir, RECORD_FILE), "utf8")) as ServingRecord | null;
    if (record === null || typeof record !== "object" || typeof record.pid !== "number") return undefined;
    return record.host === hostname() && !isAlive(record.pid) ? undefined : record;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as { code?: unknown }).code === "EPERM";
  }
}

export function storeInUseMessage(storePath: string, holder: ServingRecord | undefined): string {
  const who =
    holder === undefined
      ? "another agate"
      : `another agate (pid ${holder.pid}${holder.host === hostname() ? "" : ` on ${holder.host}`}${
          holder.port === undefined ? ", starting" : `, port ${holder.port}`
        })`;
  return (
    `${who} already serves this store (${storePath}); two gateways on one store keep separate cool-downs ` +
    "and counts. Stop it first, use another data_dir (AGATE_HOME), or run one `agate serve --workers N` " +
    "for more processes on one store."
  );
}
