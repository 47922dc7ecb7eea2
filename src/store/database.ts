import { chmodSync, closeSync, mkdirSync, openSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { MIGRATIONS } from "./migrations.js";
import { StoreOpenError } from "./store-open-error.js";

export type SqliteDatabase = Database.Database;
export type SqliteStatement = Database.Statement;

/**
 * Opens (or creates) `<dataDir>/agate.db` in WAL mode, owner-only (0600) since it holds secrets,
 * and brings its schema up to date.
 */
export function openDatabase(dataDir: string): SqliteDatabase {
  const path = join(dataDir, "agate.db");
  try {
    return openFile(dataDir, path);
  } catch (error) {
    throw new StoreOpenError(path, error);
  }
}

function openFile(dataDir: string, path: string): SqliteDatabase {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  closeSync(openSync(path, "a", 0o600));
  chmodSync(path, 0o600);
  const db = new Database(path);
  try {
    return prepare(db, path);
  } catch (error) {
    db.close();
    throw error;
  }
}

function prepare(db: SqliteDatabase, path: string): SqliteDatabase {
  // First, so that another process holding the file (the gateway, `agate accounts`) is waited for.
  db.pragma("busy_timeout = 5000");
  // Before anything is written: a new store is made so that free-pages.ts can give pages back after a
  // prune. On an existing store it changes nothing until a VACUUM (which would then apply it).
  db.pragma("auto_vacuum = INCREMENTAL");
  // Switching a new file to WAL while another process opens it can fail with SQLITE_BUSY at once (SQLite
  // does not call the busy handler for that lock): try again for as long as busy_timeout would wait.
  whileBusy(() => db.pragma("journal_mode = WAL"));
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  migrate(db);
  for (const suffix of ["-wal", "-shm"]) {
    try {
      chmodSync(path + suffix, 0o600);
    } catch {
      // The side files appear lazily; SQLite creates them with the main file's mode.
    }
  }
  return db;
}

/** Runs `step`, again after a short pause while it fails with SQLITE_BUSY, for at most `forMs`. */
export function whileBusy<T>(step: () => T, forMs = 5_000): T {
  const until = Date.now() + forMs;
  for (let pauseMs = 5; ; pauseMs = Math.min(100, pauseMs * 2)) {
    try {
      return step();
    } catch (error) {
      if ((error as { code?: unknown }).code !== "SQLITE_BUSY" || Date.now() >= until) throw error;
      Atomics.wait(PAUSE, 0, 0, pauseMs);
    }
  }
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

export function openMemoryDatabase(): SqliteDatabase {
  const db = new Database(":memory:");
  migrate(db);
  return db;
}

/**
 * Applies the migrations not yet applied, under an immediate (write) lock taken before the version is read:
 * two processes opening a new store at once (a gateway starting while `agate accounts` runs) take turns
 * instead of both creating the tables.
 */
function migrate(db: SqliteDatabase): void {
  const version = () => db.pragma("user_version", { simple: true }) as number;
  if (version() >= MIGRATIONS.length) return;
  db.transaction(() => {
    for (let next = version(); next < MIGRATIONS.length; next++) {
      const migration = MIGRATIONS[next];
      if (migration === undefined) break;
      db.exec(migration);
      db.pragma(`user_version = ${next + 1}`);
    }
  }).immediate();
}
