import { describe, expect, it } from "vitest";
import { SqliteCooldownsRepository } from "../store/cooldowns-repository.js";
import { openMemoryDatabase } from "../store/database.js";
import { DeferredWrites } from "../store/deferred-writes.js";
import { Cooldowns } from "./cooldowns.js";

const clock = (start = 1_000_000) => {
  const state = { now: start };
  return { state, now: () => state.now };
};

describe("Cooldowns", () => {
  it("rests an (account, model) pair without resting the account's other models", () => {
    const { state, now } = clock();
    const cooldowns = new Cooldowns(now);
    cooldowns.cool("a", "pro", 17_000, "rate-limit");
    expect(cooldowns.remainingMs("a", "pro")).toBe(17_000);
    expect(cooldowns.remainingMs("a", "flash")).toBe(0);
    state.now += 17_000;
    expect(cooldowns.remainingMs("a", "pro")).toBe(0);
  });

  it("an account-wide rest covers every model", () => {
    const { now } = clock();
    const cooldowns = new Cooldowns(now);
    cooldowns.cool("a", undefined, 2_000, "transient");
    expect(cooldowns.remainingMs("a", "anything")).toBe(2_000);
  });

  it("says why an account rests for a model: the reason of the rest that ends last", () => {
    const { state, now } = clock();
    const cooldowns = new Cooldowns(now);
    cooldowns.cool("a", "pro", 5_000, "rate-limit");
    cooldowns.cool("a", undefined, 600_000, "unauthorized");
    expect(cooldowns.reasonFor("a", "pro")).toBe("unauthorized");
    expect(cooldowns.reasonFor("b", "pro")).toBeUndefined();
    state.now += 600_000;
    expect(cooldowns.reasonFor("a", "pro")).toBeUndefined();
  });

  it("keeps the longer of two rests", () => {
    const { now } = clock();
    const cooldowns = new Cooldowns(now);
    cooldowns.cool("a", "pro", 60_000);
    cooldowns.cool("a", "pro", 1_000);
    expect(cooldowns.remainingMs("a", "pro")).toBe(60_000);
  });

  it("counts cool-downs in a row until a success", () => {
    const { now } = clock();
    const cooldowns = new Cooldowns(now);
    cooldowns.cool("a", "pro", 1_000);
    cooldowns.cool("a", "pro", 1_000);
    cooldowns.cool("a", undefined, 1_000);
    expect(cooldowns.strikes("a", "pro")).toBe(2);
    expect(cooldowns.strikes("a", undefined)).toBe(1);
    cooldowns.succeeded("a", "pro");
    expect(cooldowns.strikes("a", "pro")).toBe(0);
    expect(cooldowns.strikes("a", undefined)).toBe(0);
  });

  it("is written behind to the store and read back by a new instance", () => {
    const { state, now } = clock();
    const db = openMemoryDatabase();
    const repository = new SqliteCooldownsRepository(db);
    const writes = new DeferredWrites();
    const first = new Cooldowns(now, { repository, writes });
    first.cool("a", "pro", 3 * 3_600_000, "quota-exhausted");
    first.cool("b", undefined, 500, "transient");
    expect(repository.active(state.now)).toEqual([]);
    writes.flush();
    state.now += 1_000;
    const second = new Cooldowns(now, { repository, writes });
    second.load();
    expect(second.remainingMs("a", "pro")).toBe(3 * 3_600_000 - 1_000);
    expect(second.remainingMs("b", "x")).toBe(0);
    expect(repository.active(0).map((record) => record.accountId)).toEqual(["a"]);
    expect(second.active()).toEqual([
      { accountId: "a", model: "pro", until: 1_000_000 + 3 * 3_600_000, reason: "quota-exhausted" },
    ]);
  });
});
