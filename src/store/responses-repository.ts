import type { SqliteDatabase } from "./database.js";

/** A stored Response: what came in, what went out, and who served it. */
export interface StoredResponse {
  id: string;
  createdAt: number;
  previousResponseId: string | null;
  sessionKey: string | null;
  accountId: string | null;
  /** This request's own input items (references resolved), each with an id. */
  inputItems: Record<string, unknown>[];
  /** The Response object as the client got it. */
  response: Record<string, unknown>;
  /**
   * `response` as the store keeps it, when it was serialised already (for the client): with `"output":null`,
   * and its output items. Otherwise the store serialises it.
   */
  json?: { response: string; output: string };
}

/** What a continuation (previous_response_id) needs of an earlier response: its items, and who served it. */
export interface ConversationLink {
  previousResponseId: string | null;
  sessionKey: string | null;
  accountId: string | null;
  inputItems: Record<string, unknown>[];
  /** The response's output items. */
  output: Record<string, unknown>[];
}

/** Stored responses for GET/DELETE /v1/responses/{id}, input_items, previous_response_id and item_reference. */
export interface ResponsesRepository {
  save(response: StoredResponse): void;
  /** Several at once, in one transaction: all of them or none. */
  saveAll(responses: readonly StoredResponse[]): void;
  find(id: string): StoredResponse | undefined;
  /** The same response as a link of a conversation: without reading the rest of the Response object. */
  findLink(id: string): ConversationLink | undefined;
  delete(id: string): boolean;
  findItem(itemId: string): Record<string, unknown> | undefined;
}

interface LinkRow {
  previous_response_id: string | null;
  session_key: string | null;
  account_id: string | null;
  input_items: string;
  /** NULL in rows from before the column: their output is inside `response`. */
  output_items: string | null;
}

interface Row extends LinkRow {
  id: string;
  created_at: number;
  /** The Response object; its `output` is null where output_items holds it. */
  response: string;
}

export class SqliteResponsesRepository implements ResponsesRepository {
  private readonly insertResponse;
  private readonly insertItem;
  private readonly selectResponse;
  private readonly selectLink;
  private readonly deleteResponse;
  private readonly selectItem;

  constructor(private readonly db: SqliteDatabase) {
    this.insertResponse = db.prepare(
      `INSERT OR REPLACE INTO responses
         (id, created_at, previous_response_id, session_key, account_id, input_items, output_items, response)
       VALUES (@id, @created_at, @previous_response_id, @session_key, @account_id, @input_items, @output_items, @response)`,
    );
    this.insertItem = db.prepare<[string, string]>(
      "INSERT OR REPLACE INTO response_item_index (item_id, response_id) VALUES (?, ?)",
    );
    this.selectResponse = db.prepare<[string], Row>("SELECT * FROM responses WHERE id = ?");
    this.selectLink = db.prepare<[string], LinkRow & { legacy_response: string | null }>(
      `SELECT previous_response_id, session_key, account_id, input_items, output_items,
         CASE WHEN output_items IS NULL THEN response END AS legacy_response
       FROM responses WHERE id = ?`,
    );
    this.deleteResponse = db.prepare<[string]>("DELETE FROM responses WHERE id = ?");
    this.selectItem = db.prepare<[string], { response_id: string }>(
      "SELECT response_id FROM response_item_index WHERE item_id = ?",
    );
  }

  save(response: StoredResponse): void {
    this.saveAll([response]);
  }

  saveAll(responses: readonly StoredResponse[]): void {
    this.db.transaction(() => {
      for (const response of responses) this.insert(response);
    })();
  }

  private insert(response: StoredResponse): void {
    const output = outputOf(response.response);
    const apart = Array.isArray(response.response.output);
    const { json } = response;
    this.insertResponse.run({
      id: response.id,
      created_at: response.createdAt,
      previous_response_id: response.previousResponseId,
      session_key: response.sessionKey,
      account_id: response.accountId,
      input_items: JSON.stringify(response.inputItems),
      output_items: !apart ? null : (json?.output ?? JSON.stringify(output)),
      // `output: null` keeps the key where it was, so the object reads back in the same order.
      response: !apart
        ? JSON.stringify(response.response)
        : (json?.response ?? JSON.stringify({ ...response.response, output: null })),
    });
    for (const item of [...response.inputItems, ...output]) {
      if (typeof item.id === "string") this.insertItem.run(item.id, response.id);
    }
  }

  find(id: string): StoredResponse | undefined {
    const row = this.selectResponse.get(id);
    if (row === undefined) return undefined;
    const response = JSON.parse(row.response) as Record<string, unknown>;
    if (row.output_items !== null) response.output = JSON.parse(row.output_items);
    return {
      id: row.id,
      createdAt: row.created_at,
      previousResponseId: row.previous_response_id,
      sessionKey: row.session_key,
      accountId: row.account_id,
      inputItems: JSON.parse(row.input_items) as Record<string, unknown>[],
      response,
    };
  }

  findLink(id: string): ConversationLink | undefined {
    const row = this.selectLink.get(id);
    if (row === undefined) return undefined;
    return {
      previousResponseId: row.previous_response_id,
      sessionKey: row.session_key,
      accountId: row.account_id,
      inputItems: JSON.parse(row.input_items) as Record<string, unknown>[],
      output:
        row.output_items !== null
          ? (JSON.parse(row.output_items) as Record<string, unknown>[])
          : outputOf(JSON.parse(row.legacy_response ?? "{}") as Record<string, unknown>),
    };
  }

  delete(id: string): boolean {
    return this.deleteResponse.run(id).changes > 0;
  }

  /** The item as its response holds it: that response's items are read (item_reference is rare; saves are not). */
  findItem(itemId: string): Record<string, unknown> | undefined {
    const row = this.selectItem.get(itemId);
    const holder = row === undefined ? undefined : this.findLink(row.response_id);
    if (holder === undefined) return undefined;
    // The last copy, as the index points at the response that saved the id last (input before output).
    return [...holder.inputItems, ...holder.output].findLast((item) => item.id === itemId);
  }
}

/** A response kept in memory (a WebSocket's recent ones) as a link of its conversation. */
export function linkOf(stored: StoredResponse): ConversationLink {
  return {
    previousResponseId: stored.previousResponseId,
    sessionKey: stored.sessionKey,
    accountId: stored.accountId,
    inputItems: stored.inputItems,
    output: outputOf(stored.response),
  };
}

const outputOf = (response: Record<string, unknown>): Record<string, unknown>[] =>
  Array.isArray(response.output) ? (response.output as Record<string, unknown>[]) : [];
