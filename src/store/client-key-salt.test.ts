import { describe, expect, it, vi } from "vitest";
import { clientKeySalt } from "./client-key-salt.js";
import { openMemoryDatabase } from "./database.js";

describe("clientKeySalt", () => {
  it("is made once and then read: the same salt at every later start, without a write transaction", () => {
    const db = openMemoryDatabase();
    const first = clientKeySalt(db);
    expect(first).toHaveLength(32);
    const transactions = vi.spyOn(db, "transaction");
    expect(clientKeySalt(db)).toEqual(first);
    expect(transactions).not.toHaveBeenCalled();
  });
});
