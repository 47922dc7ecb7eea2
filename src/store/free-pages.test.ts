import { statSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "../../test/helpers/temp-dir.js";
import { openDatabase, type SqliteDatabase } from "./database.js";
import { freePagesBack } from "./free-pages.js";

let db: SqliteDatabase | undefined;
// Before tempDir removes the store's directory, once the test has finished.
afterEach(() => {
  db?.close();
  db = undefined;
});

function store(): SqliteDatabase {
  db = openDatabase(tempDir("agate-free-pages-"));
  return db;
}

/** `count` rows of ≈ 8 KB in the request log (the table a prune empties most), `from` the first id. */
function fill(database: SqliteDatabase, count: number, from = 0): void {
  const insert = database.prepare(
    `INSERT INTO request_log (id, time, method, route, attempts, status, error_type, total_ms, prompt_tokens,
       completion_tokens, reasoning_tokens, cached_tokens, stream, request_body)
     VALUES (?, 0, 'POST', '/v1/chat/completions', 1, 200, 'none', 1, 0, 0, 0, 0, 0, ?)`,
  );
  database.transaction(() => {
    for (let index = from; index < from + count; index++)
      insert.run(`req_${index}`, `${index} ${"x".repeat(8_000)}`);
  })();
}

const fileBytes = (database: SqliteDatabase) => {
  database.pragma("wal_checkpoint(TRUNCATE)");
  return statSync(database.name).size;
};

describe("a new store", () => {
  it("is created with incremental auto_vacuum, so that pages a prune frees can be given back", () => {
    expect(store().pragma("auto_vacuum", { simple: true })).toBe(2);
  });
});

describe("freePagesBack", () => {
  it("gives the pages a large prune freed back to the file system, a few at a time", async () => {
    const database = store();
    fill(database, 2_000);
    const full = fileBytes(database);
    expect(full).toBeGreaterThan(15 * 1024 * 1024);
    database.exec("DELETE FROM request_log");
    expect(fileBytes(database)).toBe(full);

    const freeing = freePagesBack(database, { onError: (error) => expect.fail(String(error)) });
    let turns = 0;
    const counter = () => {
      turns++;
      if (turns < 1_000) setImmediate(counter);
    };
    setImmediate(counter);
    const pages = await freeing.run();
    freeing.stop();

    expect(pages).toBeGreaterThan(3_000);
    expect(fileBytes(database)).toBeLessThan(2 * 1024 * 1024);
    expect(turns).toBeGreaterThan(10);
  });

  it("leaves a little free space (a tenth of the file) for the rows to come: a routine prune moves nothing", async () => {
    const database = store();
    fill(database, 2_000);
    database.exec("DELETE FROM request_log WHERE seq <= 100");
    const before = fileBytes(database);
    const freeing = freePagesBack(database, { onError: (error) => expect.fail(String(error)) });
    expect(await freeing.run()).toBe(0);
    freeing.stop();
    expect(fileBytes(database)).toBe(before);
  });

  it("does nothing on a store made before incremental auto_vacuum (it would need a VACUUM first)", async () => {
    db = openDatabase(tempDir("agate-free-pages-legacy-"));
    db.pragma("auto_vacuum = NONE");
    db.exec("VACUUM");
    expect(db.pragma("auto_vacuum", { simple: true })).toBe(0);
    fill(db, 500);
    db.exec("DELETE FROM request_log");
    const freeing = freePagesBack(db, { onError: (error) => expect.fail(String(error)) });
    expect(await freeing.run()).toBe(0);
    freeing.stop();
  });
});
