import { responseIdOf } from "../protocols/responses/item-ids.js";
import { RecentValues } from "../recent-values.js";
import type { SqliteDatabase } from "./database.js";
import { ResponseEchoes } from "./response-echoes.js";

/**
 * The JSON size of the conversation links kept parsed in memory, those saved or read last: a continuation
 * (previous_response_id) reads every earlier response of its conversation, and for a long one that meant
 * reading and parsing megabytes at every turn (bench/README.md). Nothing changes an item once stored.
 */
const RECENT_LINKS_BYTES = 8 * 2 ** 20;

/** A stored Response: what came in, what went out, and who served it. */
export interface StoredResponse {
  id: string;
  createdAt: number;
  previousResponseId: string | null;
  sessionKey: string | null;
  accountId: string | null;
  /** This request's own input items (references resolved), each with an id. */
  inputItems: Record<string, unknown>[];
  /**
   * The Response object as the client got it, but read back from the store with its code runs' kept output
   * (`agate_outputs`, kept-code-outputs.ts): routes show it through `shownResponse`.
   */
  response: Record<string, unknown>;
  /**
   * Its output items as the store keeps them, where they hold more than `response.output` showed the
   * client (what code runs printed that the client did not ask for); `json.output`, when given, is theirs.
   */
  output?: Record<string, unknown>[];
  /**
   * `response` as the store keeps it, when it was serialised already (for the client): with `"output":null`,
   * and its output items; with `echo`, also with `"instructions":null` and `"tools":[]`, whose JSON `echo`
   * holds, kept once for every response that echoes the same. Otherwise the store serialises it.
   */
  json?: { response: string; output: string; echo?: { instructions: string; tools: string } | undefined };
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
  /**
   * The conversation that ends with `id`, newest first, as far back as it is stored (at most `max` links),
   * each response as a link (its items and who served it, not the rest of the Response object); empty when
   * `id` is not stored.
   */
  findChain(id: string, max: number): ConversationLink[];
  delete(id: string): boolean;
  /** Deletes at most `chunk` responses created before `olderThan` (epoch seconds), oldest first; returns how many. */
  prune(olderThan: number, chunk: number): number;
  findItem(itemId: string): Record<string, unknown> | undefined;
}

/**
 * A link kept in memory, and the count of responses ever deleted (response_deletions) when it was last known
 * to be stored: while the count is still that, no process has deleted it since.
 */
interface HeldLink {
  link: ConversationLink;
  checked: number;
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
  /**
   * The Response object; its `output` is null where output_items holds it, its `instructions` and `tools`
   * null and empty where echo_id names the row of response_echoes that holds them.
   */
  response: string;
  echo_id: string | null;
}

export class SqliteResponsesRepository implements ResponsesRepository {
  private readonly insertResponse;
  private readonly insertItem;
  private readonly selectResponse;
  private readonly selectLink;
  private readonly deleteResponse;
  private readonly deleteOld;
  private readonly selectItem;
  private readonly selectExists;
  private readonly selectChain;
  private readonly selectDeletions;
  private readonly echoes: ResponseEchoes;
  private readonly recent: RecentValues<HeldLink>;

  constructor(
    private readonly db: SqliteDatabase,
    options: { recentLinksBytes?: number } = {},
  ) {
    this.recent = new RecentValues(options.recentLinksBytes ?? RECENT_LINKS_BYTES);
    this.echoes = new ResponseEchoes(db);
    this.insertResponse = db.prepare(
      `INSERT OR REPLACE INTO responses
         (id, created_at, previous_response_id, session_key, account_id, input_items, output_items, response, echo_id)
       VALUES (@id, @created_at, @previous_response_id, @session_key, @account_id, @input_items, @output_items, @response, @echo_id)`,
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
    this.deleteResponse = db
      .prepare<[string], string | null>("DELETE FROM responses WHERE id = ? RETURNING echo_id")
      .pluck();
    // Their rows in the item index go with them (ON DELETE CASCADE).
    this.deleteOld = db.prepare<[number, number], { id: string; echo_id: string | null }>(
      `DELETE FROM responses WHERE id IN
         (SELECT id FROM responses WHERE created_at < ? ORDER BY created_at LIMIT ?)
       RETURNING id, echo_id`,
    );
    this.selectExists = db.prepare<[string], number>("SELECT 1 FROM responses WHERE id = ?").pluck();
    this.selectItem = db.prepare<[string], { response_id: string }>(
      "SELECT response_id FROM response_item_index WHERE item_id = ?",
    );
    // The ids of a conversation in one statement, newest first: only the primary key and the link to the
    // previous response are read, not the items.
    this.selectChain = db
      .prepare<[string, number], string>(
        `WITH RECURSIVE chain (id, previous, depth) AS (
           SELECT id, previous_response_id, 1 FROM responses WHERE id = ?
           UNION ALL
           SELECT responses.id, responses.previous_response_id, chain.depth + 1
           FROM chain JOIN responses ON responses.id = chain.previous
           WHERE chain.depth < ?
         )
         SELECT id FROM chain ORDER BY depth`,
      )
      .pluck();
    this.selectDeletions = db.prepare<[], number>("SELECT count FROM response_deletions").pluck();
  }

  save(response: StoredResponse): void {
    this.saveAll([response]);
  }

  saveAll(responses: readonly StoredResponse[]): void {
    // IMMEDIATE: the write lock from the start, so an echo found kept is still there when the row names it
    // (another process of a cluster may delete an unused one).
    // The deletions counted with the write lock held: none can happen before the commit.
    const { links, checked } = this.db
      .transaction(() => ({
        links: responses.map((response) => this.insert(response)),
        checked: this.deletions(),
      }))
      .immediate();
    // Once committed: a continuation sent at once reads them from memory.
    for (const [index, response] of responses.entries()) {
      const saved = links[index];
      if (saved !== undefined) this.recent.set(response.id, { link: saved.link, checked }, saved.bytes);
    }
  }

  private insert(response: StoredResponse): { link: ConversationLink; bytes: number } {
    const output = storedOutputOf(response);
    const apart = Array.isArray(response.response.output);
    const { json } = response;
    const echo = apart ? json?.echo : undefined;
    const inputItems = JSON.stringify(response.inputItems);
    const outputItems = !apart ? null : (json?.output ?? JSON.stringify(output));
    this.insertResponse.run({
      id: response.id,
      created_at: response.createdAt,
      previous_response_id: response.previousResponseId,
      session_key: response.sessionKey,
      account_id: response.accountId,
      input_items: inputItems,
      output_items: outputItems,
      // `output: null` keeps the key where it was, so the object reads back in the same order.
      response: !apart
        ? JSON.stringify(response.response)
        : (json?.response ?? JSON.stringify({ ...response.response, output: null })),
      echo_id: echo === undefined ? null : this.echoes.keep(echo),
    });
    // Items this response made name it in their ids (item-ids.ts): only the others need an index row.
    for (const item of [...response.inputItems, ...output]) {
      if (typeof item.id === "string" && responseIdOf(item.id) !== response.id)
        this.insertItem.run(item.id, response.id);
    }
    return { link: linkOf(response), bytes: inputItems.length + (outputItems?.length ?? 0) };
  }

  find(id: string): StoredResponse | undefined {
    const row = this.selectResponse.get(id);
    if (row === undefined) return undefined;
    const response = JSON.parse(row.response) as Record<string, unknown>;
    if (row.output_items !== null) response.output = JSON.parse(row.output_items);
    if (row.echo_id !== null) this.echoes.fill(response, row.echo_id);
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

  /**
   * Through the links held in memory while no response was deleted since they were known stored (one read
   * of a count, not one of each earlier response: a turn costs the same at any length of its conversation);
   * from where that stops, through the table, whose recursive query reads one row per link.
   */
  findChain(id: string, max: number): ConversationLink[] {
    const checked = this.deletions();
    const chain: ConversationLink[] = [];
    let next: string | null = id;
    while (next !== null && chain.length < max) {
      const held = this.recent.get(next);
      if (held === undefined || held.checked !== checked) break;
      chain.push(held.link);
      next = held.link.previousResponseId;
    }
    if (next === null || chain.length === max) return chain;
    for (const linkId of this.selectChain.all(next, max - chain.length)) {
      const link = this.storedLink(linkId, checked);
      // Deleted since the ids were read (by another process of a cluster): the conversation ends there.
      if (link === undefined) break;
      chain.push(link);
    }
    return chain;
  }

  /** How many responses any process ever deleted (a trigger counts them). */
  private deletions(): number {
    return this.selectDeletions.get() ?? 0;
  }

  /**
   * The link of a response known to be stored: from memory, else read (and then kept). `checked`: the count
   * of deletions read before it was known stored, kept with it.
   */
  private storedLink(id: string, checked: number): ConversationLink | undefined {
    const held = this.recent.get(id);
    if (held === undefined) return this.readLink(id, checked);
    held.checked = checked;
    return held.link;
  }

  private readLink(id: string, checked: number): ConversationLink | undefined {
    const row = this.selectLink.get(id);
    if (row === undefined) return undefined;
    const link: ConversationLink = {
      previousResponseId: row.previous_response_id,
      sessionKey: row.session_key,
      accountId: row.account_id,
      inputItems: JSON.parse(row.input_items) as Record<string, unknown>[],
      output:
        row.output_items !== null
          ? (JSON.parse(row.output_items) as Record<string, unknown>[])
          : outputOf(JSON.parse(row.legacy_response ?? "{}") as Record<string, unknown>),
    };
    const bytes = row.input_items.length + (row.output_items ?? row.legacy_response ?? "").length;
    this.recent.set(id, { link, checked }, bytes);
    return link;
  }

  delete(id: string): boolean {
    this.recent.delete(id);
    const deleted = this.deleteResponse.all(id);
    for (const echoId of deleted) if (echoId !== null) this.echoes.dropUnused(echoId);
    return deleted.length > 0;
  }

  prune(olderThan: number, chunk: number): number {
    const deleted = this.deleteOld.all(olderThan, chunk);
    for (const { id } of deleted) this.recent.delete(id);
    for (const echoId of new Set(deleted.map((row) => row.echo_id))) {
      if (echoId !== null) this.echoes.dropUnused(echoId);
    }
    return deleted.length;
  }

  /**
   * The item as a response holds it: that response's items are read (item_reference is rare; saves are
   * not). The last response to save the item under that id, as the index says; an item a response made
   * (item-ids.ts) has no index row until another saves it too, and is read from the response its id names.
   */
  findItem(itemId: string): Record<string, unknown> | undefined {
    // Read before the holder is found stored: a deletion after it makes the kept link be checked again.
    const checked = this.deletions();
    const row = this.selectItem.get(itemId);
    const holderId = row?.response_id ?? responseIdOf(itemId);
    // The maker is read only while stored: another process of a cluster may have deleted it since this
    // one kept its link in memory.
    if (holderId === undefined || (row === undefined && this.selectExists.get(holderId) === undefined))
      return undefined;
    const holder = this.storedLink(holderId, checked);
    return holder === undefined ? undefined : findLastItem(holder, itemId);
  }
}

/** The last item of that id in a response, its input before its output. */
const findLastItem = (link: ConversationLink, itemId: string) =>
  [...link.inputItems, ...link.output].findLast((item) => item.id === itemId);

/** A response kept in memory (a WebSocket's recent ones) as a link of its conversation. */
export function linkOf(stored: StoredResponse): ConversationLink {
  return {
    previousResponseId: stored.previousResponseId,
    sessionKey: stored.sessionKey,
    accountId: stored.accountId,
    inputItems: stored.inputItems,
    output: storedOutputOf(stored),
  };
}

const storedOutputOf = (stored: StoredResponse): Record<string, unknown>[] =>
  stored.output ?? outputOf(stored.response);

const outputOf = (response: Record<string, unknown>): Record<string, unknown>[] =>
  Array.isArray(response.output) ? (response.output as Record<string, unknown>[]) : [];
