import Database from "better-sqlite3";
import { describe, expect, it, vi } from "vitest";
import { tempDir } from "../../test/helpers/temp-dir.js";
import { itemIdsFor } from "../protocols/responses/item-ids.js";
import { openDatabase, openMemoryDatabase } from "./database.js";
import { MIGRATIONS } from "./migrations.js";
import { SqliteResponsesRepository, type StoredResponse } from "./responses-repository.js";

const message = (id: string, role: string, text: string) => ({
  id,
  type: "message",
  role,
  content: [{ type: role === "user" ? "input_text" : "output_text", text }],
});

function stored(
  id: string,
  input: Record<string, unknown>[],
  output: Record<string, unknown>[],
): StoredResponse {
  return {
    id,
    createdAt: 1_760_000_000,
    previousResponseId: null,
    sessionKey: "key:abc",
    accountId: "acct_1",
    inputItems: input,
    response: { id, object: "response", status: "completed", output },
  };
}

/** One exchange, `resp_<n>`: a user message `msg_in<n>` in, an assistant message `msg_out<n>` out. */
const turn = (n: string, asked: string, answered: string): StoredResponse =>
  stored(
    `resp_${n}`,
    [message(`msg_in${n}`, "user", asked)],
    [message(`msg_out${n}`, "assistant", answered)],
  );

/** A row as the store wrote it before output_items: the whole Response, output inside, in `response`. */
function insertAsBefore(db: Database.Database, old: StoredResponse): void {
  db.prepare(
    "INSERT INTO responses (id, created_at, previous_response_id, session_key, account_id, input_items, response) VALUES (?, ?, ?, ?, ?, ?, ?)",
  ).run(
    old.id,
    old.createdAt,
    old.previousResponseId,
    old.sessionKey,
    old.accountId,
    JSON.stringify(old.inputItems),
    JSON.stringify(old.response),
  );
}

describe("SqliteResponsesRepository", () => {
  it("keeps a response as it was saved", () => {
    const repository = new SqliteResponsesRepository(openMemoryDatabase());
    const response = turn("1", "hi", "hello");
    repository.save(response);
    const found = repository.find("resp_1");
    expect(found).toEqual(response);
    expect(JSON.stringify(found?.response)).toBe(JSON.stringify(response.response));
    expect(repository.find("resp_unknown")).toBeUndefined();
  });

  it("writes the JSON it is given for a response serialised already, and reads the response back from it", () => {
    const db = openMemoryDatabase();
    const repository = new SqliteResponsesRepository(db);
    const response = turn("1", "hi", "hello");
    const { json: _none, ...plain } = response;
    const withJson: StoredResponse = {
      ...plain,
      json: {
        response: JSON.stringify({ ...response.response, output: null }),
        output: JSON.stringify(response.response.output),
      },
    };
    repository.save(withJson);
    const row = db.prepare("SELECT response, output_items FROM responses WHERE id = ?").get("resp_1");
    expect(row).toEqual({ response: withJson.json?.response, output_items: withJson.json?.output });
    expect(repository.find("resp_1")).toEqual(plain);
    expect(repository.findChain("resp_1", 1)[0]?.output).toEqual(response.response.output);
    expect(repository.findItem("msg_out1")).toEqual(message("msg_out1", "assistant", "hello"));
  });

  it("saveAll keeps several responses as save does, or none of them when one cannot be written", () => {
    const repository = new SqliteResponsesRepository(openMemoryDatabase());
    const first = turn("a", "hi", "a");
    const second = turn("b", "hey", "b");
    repository.saveAll([first, second]);
    expect(repository.find("resp_a")).toEqual(first);
    expect(repository.find("resp_b")).toEqual(second);
    expect(repository.findItem("msg_outb")).toEqual(message("msg_outb", "assistant", "b"));

    // A BigInt cannot be written as JSON: the group's transaction fails, and the first of it is not kept.
    const unwritable = stored("resp_d", [{ id: "msg_d", type: "message", size: 1n }], []);
    const before = turn("c", "yo", "c");
    expect(() => repository.saveAll([before, unwritable])).toThrow();
    expect(repository.find("resp_c")).toBeUndefined();
  });

  it("findChain: what a continuation needs (items, who served it), without the response's other fields", () => {
    const repository = new SqliteResponsesRepository(openMemoryDatabase());
    const response = turn("2", "and?", "so");
    response.previousResponseId = "resp_1";
    response.response.tools = [{ type: "function", name: "f", parameters: { type: "object" } }];
    repository.save(response);
    expect(repository.findChain("resp_2", 1)[0]).toEqual({
      previousResponseId: "resp_1",
      sessionKey: "key:abc",
      accountId: "acct_1",
      inputItems: [message("msg_in2", "user", "and?")],
      output: [message("msg_out2", "assistant", "so")],
    });
    expect(repository.findChain("resp_unknown", 1)[0]).toBeUndefined();
  });

  /** resp_1 ← resp_2 ← … ← resp_<count>, saved in order. */
  function conversation(repository: SqliteResponsesRepository, count: number): void {
    for (let n = 1; n <= count; n++) {
      const response = turn(String(n), `q${n}`, `a${n}`);
      response.previousResponseId = n === 1 ? null : `resp_${n - 1}`;
      repository.save(response);
    }
  }
  const asked = (chain: readonly { inputItems: Record<string, unknown>[] }[]) =>
    chain.map((link) => link.inputItems[0]?.id);

  it("findChain: the conversation ending with an id, newest first, at most `max` links", () => {
    const repository = new SqliteResponsesRepository(openMemoryDatabase());
    conversation(repository, 4);
    expect(asked(repository.findChain("resp_3", 10))).toEqual(["msg_in3", "msg_in2", "msg_in1"]);
    expect(asked(repository.findChain("resp_4", 2))).toEqual(["msg_in4", "msg_in3"]);
    expect(repository.findChain("resp_unknown", 10)).toEqual([]);
    // A deleted ancestor ends the conversation there.
    repository.delete("resp_2");
    expect(asked(repository.findChain("resp_4", 10))).toEqual(["msg_in4", "msg_in3"]);
  });

  it("a continuation reads the responses it saved from memory, not their rows", () => {
    const db = openMemoryDatabase();
    const repository = new SqliteResponsesRepository(db);
    conversation(repository, 3);
    db.prepare("UPDATE responses SET input_items = '[]', output_items = '[]'").run();
    const chain = repository.findChain("resp_3", 10);
    expect(asked(chain)).toEqual(["msg_in3", "msg_in2", "msg_in1"]);
    expect(chain[2]?.output).toEqual([message("msg_out1", "assistant", "a1")]);
    // What it had not saved (another process of a cluster did), it reads once and then keeps.
    const other = new SqliteResponsesRepository(db);
    const fourth = turn("4", "q4", "a4");
    fourth.previousResponseId = "resp_3";
    other.save(fourth);
    expect(asked(repository.findChain("resp_4", 1))).toEqual(["msg_in4"]);
    db.prepare("UPDATE responses SET input_items = '[]' WHERE id = 'resp_4'").run();
    expect(asked(repository.findChain("resp_4", 1))).toEqual(["msg_in4"]);
  });

  it("a response deleted by another process is not found, though this one kept it in memory", () => {
    const db = openMemoryDatabase();
    const repository = new SqliteResponsesRepository(db);
    conversation(repository, 3);
    new SqliteResponsesRepository(db).delete("resp_3");
    expect(repository.findChain("resp_3", 10)).toEqual([]);
    expect(repository.findChain("resp_3", 1)[0]).toBeUndefined();
    new SqliteResponsesRepository(db).delete("resp_2");
    expect(asked(repository.findChain("resp_1", 10))).toEqual(["msg_in1"]);
    expect(repository.findChain("resp_1", 1)[0]?.output).toEqual([message("msg_out1", "assistant", "a1")]);
  });

  /** How many times `act` runs the recursive query that reads a conversation's ids from the table. */
  function tableWalks(db: Database.Database, act: () => void): number {
    const statement = Object.getPrototypeOf(db.prepare("SELECT 1")) as Database.Statement;
    const all = vi.spyOn(statement, "all");
    try {
      act();
      const sources = all.mock.contexts.map((context) => (context as Database.Statement).source);
      return sources.filter((source) => source.includes("WITH RECURSIVE")).length;
    } finally {
      all.mockRestore();
    }
  }

  it("a continuation of a conversation whose links it holds does not walk the table: a turn costs the same at any length", () => {
    const db = openMemoryDatabase();
    const repository = new SqliteResponsesRepository(db);
    conversation(repository, 50);
    let chain: unknown[] = [];
    expect(tableWalks(db, () => (chain = repository.findChain("resp_50", 1_000)))).toBe(0);
    expect(chain).toHaveLength(50);
    // Links it has not seen yet (saved by another process) are read from the table, and then held too.
    const other = new SqliteResponsesRepository(db);
    const next = turn("51", "q51", "a51");
    next.previousResponseId = "resp_50";
    other.save(next);
    expect(tableWalks(db, () => (chain = repository.findChain("resp_51", 1_000)))).toBe(1);
    expect(chain).toHaveLength(51);
    expect(tableWalks(db, () => repository.findChain("resp_51", 1_000))).toBe(0);
    // Once anything is deleted, what it holds is checked against the table again, once.
    other.delete("resp_51");
    expect(tableWalks(db, () => (chain = repository.findChain("resp_50", 1_000)))).toBe(1);
    expect(chain).toHaveLength(50);
    expect(tableWalks(db, () => repository.findChain("resp_50", 1_000))).toBe(0);
  });

  it("a response deleted in the middle of a conversation by another process ends it there, in every process", () => {
    const dir = tempDir("agate-chain-");
    const here = openDatabase(dir);
    const there = openDatabase(dir);
    try {
      const repository = new SqliteResponsesRepository(here);
      conversation(repository, 5);
      expect(asked(repository.findChain("resp_5", 10))).toHaveLength(5);
      expect(new SqliteResponsesRepository(there).delete("resp_3")).toBe(true);
      expect(asked(repository.findChain("resp_5", 10))).toEqual(["msg_in5", "msg_in4"]);
      expect(repository.findChain("resp_3", 10)).toEqual([]);
      expect(asked(repository.findChain("resp_2", 10))).toEqual(["msg_in2", "msg_in1"]);
      // A prune there too.
      expect(new SqliteResponsesRepository(there).prune(Number.MAX_SAFE_INTEGER, 1)).toBe(1);
      expect(asked(repository.findChain("resp_2", 10))).toEqual(["msg_in2"]);
    } finally {
      here.close();
      there.close();
    }
  });

  it("keeps in memory only as many links as its budget of JSON bytes allows", () => {
    const db = openMemoryDatabase();
    // Each link here is 197 bytes of JSON: a budget of 400 keeps the newest two.
    const repository = new SqliteResponsesRepository(db, { recentLinksBytes: 400 });
    conversation(repository, 4);
    db.prepare("UPDATE responses SET input_items = '[]'").run();
    const chain = repository.findChain("resp_4", 10);
    expect(chain.map((link) => link.inputItems.length)).toEqual([1, 1, 0, 0]);
  });

  it("a row saved before output had its own column (output inside the response) is still read", () => {
    const db = openMemoryDatabase();
    const old = stored(
      "resp_old",
      [message("msg_in", "user", "hi")],
      [message("msg_out", "assistant", "hey")],
    );
    insertAsBefore(db, old);
    const repository = new SqliteResponsesRepository(db);
    expect(repository.find("resp_old")).toEqual(old);
    expect(repository.findChain("resp_old", 1)[0]?.output).toEqual([message("msg_out", "assistant", "hey")]);
  });

  it("an output kept with more than the client was shown (`output`): the row, the chain and findItem hold it", () => {
    const db = openMemoryDatabase();
    const shown = { type: "code_interpreter_call", id: "ci_1", code: "print(1)", outputs: null };
    const kept = { ...shown, agate_outputs: [{ type: "logs", logs: "1\n" }] };
    const response: StoredResponse = {
      ...stored("resp_1", [message("msg_in1", "user", "go")], [shown]),
      output: [kept],
    };
    const repository = new SqliteResponsesRepository(db);
    repository.save(response);
    expect(repository.findChain("resp_1", 10)[0]?.output).toEqual([kept]);
    // Read from the table by a process that did not save it.
    const other = new SqliteResponsesRepository(db);
    expect(other.findChain("resp_1", 10)[0]?.output).toEqual([kept]);
    expect(other.findItem("ci_1")).toEqual(kept);
    expect(other.find("resp_1")?.response.output).toEqual([kept]);
  });

  it("finds any input or output item by its id (item_reference)", () => {
    const repository = new SqliteResponsesRepository(openMemoryDatabase());
    const call = { id: "fc_1", type: "function_call", call_id: "call_1", name: "f", arguments: "{}" };
    repository.save(
      stored("resp_1", [message("msg_in1", "user", "hi")], [call, message("msg_out1", "assistant", "ok")]),
    );
    expect(repository.findItem("msg_in1")).toEqual(message("msg_in1", "user", "hi"));
    expect(repository.findItem("fc_1")).toEqual(call);
    expect(repository.findItem("msg_out1")).toEqual(message("msg_out1", "assistant", "ok"));
    expect(repository.findItem("msg_unknown")).toBeUndefined();
  });

  it("an item sent again in a later response (a client resending its history) is found in the later one", () => {
    const repository = new SqliteResponsesRepository(openMemoryDatabase());
    repository.save(turn("1", "hi", "one"));
    repository.save(
      stored(
        "resp_2",
        [
          message("msg_in1", "user", "hi"),
          message("msg_out1", "assistant", "one, edited"),
          message("msg_in2", "user", "and?"),
        ],
        [message("msg_out2", "assistant", "two")],
      ),
    );
    expect(repository.findItem("msg_out1")).toEqual(message("msg_out1", "assistant", "one, edited"));
    expect(repository.delete("resp_2")).toBe(true);
    expect(repository.findItem("msg_in2")).toBeUndefined();
    expect(repository.find("resp_1")?.inputItems).toEqual([message("msg_in1", "user", "hi")]);
  });

  // Items a response made carry its id (item-ids.ts): found without an index row.
  describe("items a response made", () => {
    const made = () => {
      const next = itemIdsFor("resp_A1");
      const asked = message(next("msg"), "user", "hi");
      const answered = message(next("msg"), "assistant", "hello");
      return { asked, answered, response: stored("resp_A1", [asked], [answered]) };
    };
    const indexRows = (db: Database.Database) =>
      (db.prepare("SELECT count(*) AS n FROM response_item_index").get() as { n: number }).n;

    it("are found through the response their ids name, with no index row", () => {
      const db = openMemoryDatabase();
      const repository = new SqliteResponsesRepository(db);
      const { asked, answered, response } = made();
      repository.save(response);
      expect(indexRows(db)).toBe(0);
      expect(repository.findItem(asked.id)).toEqual(asked);
      expect(repository.findItem(answered.id)).toEqual(answered);
      // Read from the database too, not only from the links kept in memory.
      expect(new SqliteResponsesRepository(db).findItem(answered.id)).toEqual(answered);
    });

    it("sent again in a later response: found there, and in their maker again once that one is deleted", () => {
      const db = openMemoryDatabase();
      const repository = new SqliteResponsesRepository(db);
      const { answered, response } = made();
      repository.save(response);
      const edited = { ...answered, content: [{ type: "output_text", text: "hello, edited" }] };
      repository.save(stored("resp_B2", [edited, message("msg_own", "user", "and?")], []));
      expect(indexRows(db)).toBe(2);
      expect(repository.findItem(answered.id)).toEqual(edited);
      expect(repository.delete("resp_B2")).toBe(true);
      expect(repository.findItem(answered.id)).toEqual(answered);
    });

    it("are gone with their response, also when another process deleted it", () => {
      const db = openMemoryDatabase();
      const repository = new SqliteResponsesRepository(db);
      const { asked, answered, response } = made();
      repository.save(response);
      // Another process: the same database, this repository's kept links untouched.
      new SqliteResponsesRepository(db).delete("resp_A1");
      expect(repository.findItem(asked.id)).toBeUndefined();
      expect(repository.findItem(answered.id)).toBeUndefined();
    });

    it("an id that only looks made by a stored response is looked up in the index", () => {
      const db = openMemoryDatabase();
      const repository = new SqliteResponsesRepository(db);
      repository.save(made().response);
      const lookalike = message("msg_A1_9", "user", "a client's own id");
      repository.save(stored("resp_C3", [lookalike], []));
      expect(repository.findItem("msg_A1_9")).toEqual(lookalike);
      expect(repository.findItem("msg_A1_8")).toBeUndefined();
    });
  });

  it("a deleted response takes its items with it", () => {
    const repository = new SqliteResponsesRepository(openMemoryDatabase());
    repository.save(turn("1", "hi", "one"));
    expect(repository.delete("resp_1")).toBe(true);
    expect(repository.delete("resp_1")).toBe(false);
    expect(repository.findItem("msg_in1")).toBeUndefined();
    expect(repository.findItem("msg_out1")).toBeUndefined();
  });

  it("prune: deletes responses created before a time, oldest first, a chunk at a time, with their items", () => {
    const db = openMemoryDatabase();
    const repository = new SqliteResponsesRepository(db);
    const at = (response: StoredResponse, createdAt: number) => ({ ...response, createdAt });
    // A later response resends an earlier one's input: its index row belongs to the later one.
    const resent = stored("resp_4", [message("msg_in1", "user", "hi")], []);
    repository.saveAll([
      at(turn("1", "a", "b"), 100),
      at(turn("2", "c", "d"), 200),
      at(turn("3", "e", "f"), 300),
    ]);
    repository.save(at(resent, 400));
    const made = itemIdsFor("resp_2")("msg");
    repository.save(at(stored("resp_2", [message(made, "user", "c")], []), 200));
    expect(repository.findItem(made)).toBeDefined();

    expect(repository.prune(350, 2)).toBe(2);
    expect(repository.find("resp_1")).toBeUndefined();
    expect(repository.find("resp_2")).toBeUndefined();
    expect(repository.find("resp_3")).toBeDefined();
    expect(repository.prune(350, 2)).toBe(1);
    expect(repository.prune(350, 2)).toBe(0);
    // Not from the links kept in memory either, nor by an item's id naming the response.
    expect(repository.findChain("resp_2", 10)).toEqual([]);
    expect(repository.findItem(made)).toBeUndefined();
    expect(repository.findItem("msg_out3")).toBeUndefined();
    expect(repository.findItem("msg_in1")).toEqual(message("msg_in1", "user", "hi"));
    expect(db.prepare("SELECT response_id FROM response_item_index").pluck().all()).toEqual(["resp_4"]);
  });

  it("stores each item's JSON once: the item index holds ids, the response row no second output", () => {
    const db = openMemoryDatabase();
    const repository = new SqliteResponsesRepository(db);
    const long = "lorem ipsum ".repeat(1_000);
    repository.save(turn("1", long, long));
    const one = (sql: string) => (db.prepare(sql).get() as { value: number }).value;
    const ofResponses =
      "FROM dbstat WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name LIKE 'response%')";
    const total = one(`SELECT sum(pgsize) AS value ${ofResponses}`);
    const trees = one(`SELECT count(DISTINCT name) AS value ${ofResponses}`);
    const page = one("SELECT page_size AS value FROM pragma_page_size");
    const data = 2 * long.length;
    // The text once, a page per table or index, one page of slack; a second copy of either text is ≈ 3 pages more.
    expect(total).toBeGreaterThanOrEqual(data);
    expect(total).toBeLessThan(data + (trees + 1) * page);
  });

  it("a store from before the item index (items kept twice) is migrated: its items are still found", () => {
    const db = new Database(":memory:");
    const before = MIGRATIONS.findIndex((migration) => migration.includes("CREATE TABLE response_items")) + 1;
    for (const migration of MIGRATIONS.slice(0, before)) db.exec(migration);
    db.pragma(`user_version = ${before}`);
    const old = stored(
      "resp_old",
      [message("msg_old_in", "user", "hi")],
      [message("msg_old_out", "assistant", "hey")],
    );
    insertAsBefore(db, old);
    const insertItem = db.prepare("INSERT INTO response_items (item_id, response_id, item) VALUES (?, ?, ?)");
    for (const item of [...old.inputItems, ...(old.response.output as Record<string, unknown>[])])
      insertItem.run(item.id, old.id, JSON.stringify(item));
    for (const migration of MIGRATIONS.slice(before)) db.exec(migration);
    const repository = new SqliteResponsesRepository(db);
    expect(repository.findItem("msg_old_in")).toEqual(message("msg_old_in", "user", "hi"));
    expect(repository.findItem("msg_old_out")).toEqual(message("msg_old_out", "assistant", "hey"));
    expect(repository.find("resp_old")).toEqual(old);
  });
});

describe("echoes kept apart (response_echoes)", () => {
  const instructions = "You are a coding agent. ".repeat(50);
  const tools = [{ type: "function", name: "read", strict: true, parameters: { type: "object" } }];

  /** A response as the Responses route saves it: its echo's JSON apart, its row without it. */
  function echoing(id: string, echoed = instructions, createdAt = 1_760_000_000): StoredResponse {
    const output = [message(`msg_out_${id}`, "assistant", "done")];
    const response = { id, object: "response", instructions: echoed, output, tools, user: null };
    return {
      id,
      createdAt,
      previousResponseId: null,
      sessionKey: null,
      accountId: "acct_1",
      inputItems: [message(`msg_in_${id}`, "user", "go")],
      response,
      json: {
        response: JSON.stringify({ ...response, instructions: null, output: null, tools: [] }),
        output: JSON.stringify(output),
        echo: { instructions: JSON.stringify(echoed), tools: JSON.stringify(tools) },
      },
    };
  }
  const echoCount = (db: Database.Database) =>
    db.prepare("SELECT COUNT(*) FROM response_echoes").pluck().get();

  it("responses that echo the same keep it once, and read back whole, key for key", () => {
    const db = openMemoryDatabase();
    const repository = new SqliteResponsesRepository(db);
    const [first, second] = [echoing("resp_1"), echoing("resp_2")];
    repository.saveAll([first, second]);
    repository.save(echoing("resp_3", "Other rules. ".repeat(100)));
    expect(echoCount(db)).toBe(2);
    for (const saved of [first, second]) {
      const found = repository.find(saved.id);
      expect(JSON.stringify(found?.response)).toBe(JSON.stringify(saved.response));
    }
    const row = db.prepare("SELECT length(response) FROM responses WHERE id = 'resp_1'").pluck().get();
    expect(row).toBeLessThan(instructions.length);
  });

  it("an echo goes with the last response that names it: deleted or pruned", () => {
    const db = openMemoryDatabase();
    const repository = new SqliteResponsesRepository(db);
    repository.save(echoing("resp_old", instructions, 1_000));
    repository.save(echoing("resp_new", instructions, 2_000));
    repository.save(echoing("resp_alone", "Alone. ".repeat(200), 1_000));
    expect(echoCount(db)).toBe(2);
    expect(repository.prune(1_500, 10)).toBe(2);
    // resp_new still echoes the shared one; resp_alone's went with it.
    expect(echoCount(db)).toBe(1);
    expect(repository.find("resp_new")?.response.instructions).toBe(instructions);
    expect(repository.delete("resp_new")).toBe(true);
    expect(echoCount(db)).toBe(0);
    // Saved again after that: kept again.
    repository.save(echoing("resp_again"));
    expect(repository.find("resp_again")?.response.instructions).toBe(instructions);
  });
});
