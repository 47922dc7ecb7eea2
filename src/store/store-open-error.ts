import { dirname } from "node:path";

/** The store file could not be opened or brought up to date: the path, the cause and what to do. */
export class StoreOpenError extends Error {
  constructor(path: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Cannot open the store ${path}: ${reason}. ${advice(path, codeOf(cause))}`, { cause });
    this.name = "StoreOpenError";
  }
}

function codeOf(cause: unknown): string {
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === "string" ? code : "";
}

function advice(path: string, code: string): string {
  if (code === "SQLITE_NOTADB" || code.startsWith("SQLITE_CORRUPT"))
    return "The file is damaged or is not agate's: move it away (with its -wal and -shm files) to start with an empty store, or put a backup in its place.";
  if (code === "SQLITE_FULL" || code === "ENOSPC") return `Free some space on the disk of ${dirname(path)}.`;
  return `agate reads and writes its data_dir, ${dirname(path)}: check that it is yours, writable and on a disk with space left.`;
}
