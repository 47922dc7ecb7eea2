import type { SignatureLookup, SignatureSink } from "../hub/thought-signatures.js";
import type { SqliteDatabase } from "./database.js";

const RETENTION_MS = 30 * 24 * 3_600_000;

/**
 * Thought signatures by the id of what carried them: a tool call's own id, or the Responses message whose
 * text, or code_interpreter_call whose code, Gemini signed (the table is named for the first). Writes are batched and flushed on the next turn of
 * the event loop, so no request waits on a disk write; reads see pending writes.
 */
export class SqliteSignatureStore implements SignatureLookup, SignatureSink {
  private readonly pending = new Map<string, string>();
  private flushScheduled = false;
  private readonly insert;
  private readonly select;
  private readonly selectAll;
  private readonly deleteOld;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => number = Date.now,
  ) {
    this.insert = db.prepare<[string, string, number]>(
      "INSERT OR REPLACE INTO tool_signatures (tool_call_id, signature, created_at) VALUES (?, ?, ?)",
    );
    this.select = db.prepare<[string], { signature: string }>(
      "SELECT signature FROM tool_signatures WHERE tool_call_id = ?",
    );
    // The ids as one JSON array: one statement for any number of them.
    this.selectAll = db.prepare<[string], { tool_call_id: string; signature: string }>(
      "SELECT tool_call_id, signature FROM tool_signatures WHERE tool_call_id IN (SELECT value FROM json_each(?))",
    );
    this.deleteOld = db.prepare<[number, number]>(
      `DELETE FROM tool_signatures WHERE rowid IN
         (SELECT rowid FROM tool_signatures WHERE created_at < ? LIMIT ?)`,
    );
    this.prune();
  }

  /** Forgets signatures older than their retention, at most `limit` of them (default: all). */
  prune(limit = -1): number {
    return this.deleteOld.run(this.now() - RETENTION_MS, limit).changes;
  }

  save(toolCallId: string, signature: string): void {
    this.pending.set(toolCallId, signature);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  findAll(toolCallIds: readonly string[]): Map<string, string> {
    const found = new Map<string, string>();
    const unread: string[] = [];
    for (const id of toolCallIds) {
      const pending = this.pending.get(id);
      if (pending === undefined) unread.push(id);
      else found.set(id, pending);
    }
    const [only] = unread;
    if (unread.length === 1 && only !== undefined) {
      const row = this.select.get(only);
      if (row !== undefined) found.set(only, row.signature);
    } else if (unread.length > 1) {
      for (const row of this.selectAll.all(JSON.stringify(unread)))
        found.set(row.tool_call_id, row.signature);
    }
    return found;
  }

  /** Writes what is pending now (also called on close). */
  flush(): void {
    this.flushScheduled = false;
    if (this.pending.size === 0 || !this.db.open) return;
    const now = this.now();
    const entries = [...this.pending];
    this.pending.clear();
    this.db.transaction(() => {
      for (const [id, signature] of entries) this.insert.run(id, signature, now);
    })();
  }
}
