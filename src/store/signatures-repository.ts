import type { SignatureLookup, SignatureSink } from "../hub/thought-signatures.js";
import type { SqliteDatabase } from "./database.js";

const RETENTION_MS = 30 * 24 * 3_600_000;

/**
 * Thought signatures by tool-call id. Writes are batched and flushed on the next turn of the event loop,
 * so no request waits on a disk write; reads see pending writes.
 */
export class SqliteSignatureStore implements SignatureLookup, SignatureSink {
  private readonly pending = new Map<string, string>();
  private flushScheduled = false;
  private readonly insert;
  private readonly select;

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
    db.prepare("DELETE FROM tool_signatures WHERE created_at < ?").run(this.now() - RETENTION_MS);
  }

  save(toolCallId: string, signature: string): void {
    this.pending.set(toolCallId, signature);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  find(toolCallId: string): string | undefined {
    return this.pending.get(toolCallId) ?? this.select.get(toolCallId)?.signature;
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
