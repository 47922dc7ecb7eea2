import { describe, expect, it } from "vitest";
import { openMemoryDatabase } from "./database.js";
import { SqliteSignatureStore } from "./signatures-repository.js";

describe("SqliteSignatureStore", () => {
  it("finds the signatures of many tool calls at once: written ones, pending ones, none for the others", () => {
    const store = new SqliteSignatureStore(openMemoryDatabase());
    for (let n = 0; n < 50; n++) store.save(`call_${n}`, `sig_${n}`);
    store.flush();
    store.save("call_pending", "sig_pending");
    const ids = ["call_pending", "call_unknown", ...Array.from({ length: 50 }, (_, n) => `call_${n}`)];
    const found = store.findAll(ids);
    expect(found.size).toBe(51);
    expect(found.get("call_pending")).toBe("sig_pending");
    expect(found.get("call_49")).toBe("sig_49");
    expect(found.has("call_unknown")).toBe(false);
  });

  it("finds one, or none", () => {
    const store = new SqliteSignatureStore(openMemoryDatabase());
    store.save("call_1", "sig_1");
    store.flush();
    expect([...store.findAll(["call_1"])]).toEqual([["call_1", "sig_1"]]);
    expect(store.findAll(["call_2"]).size).toBe(0);
    expect(store.findAll([]).size).toBe(0);
  });

  it("takes ids with any characters (they travel as one JSON array)", () => {
    const store = new SqliteSignatureStore(openMemoryDatabase());
    const odd = ['call_"quoted"', "call_\\back", "call_é🙂", "call_,"];
    for (const id of odd) store.save(id, `sig:${id}`);
    store.flush();
    const found = store.findAll([...odd, "call_other"]);
    expect([...found.keys()].sort()).toEqual([...odd].sort());
  });
});
