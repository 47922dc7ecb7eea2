import { describe, expect, it } from "vitest";
import { openMemoryDatabase } from "./database.js";
import { DeferredWrites } from "./deferred-writes.js";

describe("deferred writes", () => {
  it("runs the writes of one turn after it, in order", async () => {
    const done: number[] = [];
    const writes = new DeferredWrites();
    writes.enqueue(() => done.push(1));
    writes.enqueue(() => done.push(2));
    expect(done).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toEqual([1, 2]);
  });

  it("shares one transaction among a flush's writes; a failing one is reported, the others kept", () => {
    const db = openMemoryDatabase();
    db.exec("CREATE TABLE t (v INTEGER NOT NULL)");
    const insert = db.prepare("INSERT INTO t (v) VALUES (?)");
    const errors: unknown[] = [];
    let transactions = 0;
    const writes = new DeferredWrites(
      (error) => errors.push(error),
      (run) => {
        transactions++;
        db.transaction(run)();
      },
    );
    writes.enqueue(() => insert.run(1));
    writes.enqueue(() => insert.run(null));
    writes.enqueue(() => insert.run(3));
    writes.flush();
    expect(transactions).toBe(1);
    expect(errors).toHaveLength(1);
    expect(db.prepare("SELECT v FROM t ORDER BY v").pluck().all()).toEqual([1, 3]);
  });

  it("a single write needs no transaction of its own making", () => {
    let transactions = 0;
    const done: number[] = [];
    const writes = new DeferredWrites(undefined, (run) => {
      transactions++;
      run();
    });
    writes.enqueue(() => done.push(1));
    writes.flush();
    expect([transactions, done]).toEqual([0, [1]]);
  });
});
