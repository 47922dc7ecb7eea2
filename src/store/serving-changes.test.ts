import { describe, expect, it } from "vitest";
import { SqliteAccountsRepository } from "./accounts-repository.js";
import { openMemoryDatabase } from "./database.js";
import { SqliteModelMappingRepository } from "./model-mapping-repository.js";
import { ServingChanges } from "./serving-changes.js";

describe("ServingChanges", () => {
  it("counts changes of the accounts and the model mapping, and nothing else", () => {
    const db = openMemoryDatabase();
    const changes = new ServingChanges(db);
    expect(changes.count()).toBe(0);
    const accounts = new SqliteAccountsRepository(db);
    accounts.upsert({
      id: "a",
      kind: "gemini",
      label: "a",
      enabled: true,
      credentials: { apiKey: "key" },
      source: "store",
    });
    const afterAdd = changes.count();
    expect(afterAdd).toBeGreaterThan(0);
    accounts.setDisabledReason("a", "invalid_grant");
    expect(changes.count()).toBeGreaterThan(afterAdd);
    const afterOff = changes.count();
    new SqliteModelMappingRepository(db).replace({ x: "gemini-2.5-pro" });
    expect(changes.count()).toBeGreaterThan(afterOff);
    const afterMapping = changes.count();
    db.prepare("INSERT INTO cooldowns VALUES ('a', '', 99, 'rate_limited')").run();
    db.prepare("INSERT INTO store_meta VALUES ('k', 'v')").run();
    expect(changes.count()).toBe(afterMapping);
    db.close();
  });

  it("gives the logging of each change to the first process that asks", () => {
    const db = openMemoryDatabase();
    const changes = new ServingChanges(db);
    expect(changes.claimLogging(2)).toBe(true);
    expect(changes.claimLogging(2)).toBe(false);
    // A process that saw fewer changes than were taken has nothing left to say…
    expect(changes.claimLogging(1)).toBe(false);
    // …one that saw more has.
    expect(changes.claimLogging(3)).toBe(true);
    db.close();
  });
});
