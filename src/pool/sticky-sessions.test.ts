import { describe, expect, it } from "vitest";
import type { GenerateRequest } from "../hub/types.js";
import { openMemoryDatabase } from "../store/database.js";
import { DeferredWrites } from "../store/deferred-writes.js";
import { SqliteSessionsRepository } from "../store/sessions-repository.js";
import { sessionKeyFor } from "./session-key.js";
import { StickySessions } from "./sticky-sessions.js";

const request = (overrides: Partial<GenerateRequest> = {}): GenerateRequest => ({
  requestedModel: "gpt-4o",
  model: "gemini-2.5-flash",
  turns: [
    { role: "user", parts: [{ type: "text", text: "Plan my trip to Lisbon" }] },
    { role: "assistant", parts: [{ type: "text", text: "Sure." }] },
    { role: "user", parts: [{ type: "text", text: "Three days." }] },
  ],
  settings: {},
  stream: false,
  ...overrides,
});

describe("sessionKeyFor", () => {
  it("uses the client's own key when there is one, hashed", () => {
    const key = sessionKeyFor(request({ sessionKey: "user-42" }));
    expect(key).toMatch(/^key:[\w-]{22}$/);
    expect(key).not.toContain("user-42");
  });

  it("else hashes the first user message, so later turns of the conversation hash alike", () => {
    const firstTurn = request({ turns: request().turns.slice(0, 1) });
    expect(sessionKeyFor(request())).toBe(sessionKeyFor(firstTurn));
    expect(sessionKeyFor(request())).toMatch(/^first-message:/);
    const other = request({ turns: [{ role: "user", parts: [{ type: "text", text: "Something else" }] }] });
    expect(sessionKeyFor(other)).not.toBe(sessionKeyFor(request()));
  });

  it("nothing to key on → undefined", () => {
    expect(sessionKeyFor(request({ turns: [] }))).toBeUndefined();
  });
});

describe("StickySessions", () => {
  const setup = (ttlMs = 60_000, maxEntries = 100) => {
    const clock = { now: 5_000 };
    const db = openMemoryDatabase();
    const repository = new SqliteSessionsRepository(db);
    const writes = new DeferredWrites();
    const make = () => new StickySessions({ now: () => clock.now, ttlMs, maxEntries, repository, writes });
    return { clock, repository, writes, make };
  };

  it("binds, re-binds and forgets a binding unused for ttl", () => {
    const { clock, make } = setup();
    const sessions = make();
    sessions.bind("s", "a");
    expect(sessions.accountFor("s")).toBe("a");
    sessions.bind("s", "b");
    expect(sessions.accountFor("s")).toBe("b");
    clock.now += 60_001;
    expect(sessions.accountFor("s")).toBeUndefined();
  });

  it("persists bindings and loads them back", () => {
    const { clock, writes, make } = setup();
    make().bind("s", "a");
    writes.flush();
    clock.now += 1_000;
    const restarted = make();
    restarted.load();
    expect(restarted.accountFor("s")).toBe("a");
  });

  it("keeps at most maxEntries, dropping the least recently used", () => {
    const { make } = setup(60_000, 2);
    const sessions = make();
    sessions.bind("one", "a");
    sessions.bind("two", "a");
    sessions.bind("one", "a");
    sessions.bind("three", "b");
    expect(sessions.size).toBe(2);
    expect(sessions.accountFor("two")).toBeUndefined();
    expect(sessions.accountFor("one")).toBe("a");
  });

  it("a repeated use does not write each time", () => {
    const { repository, writes, make } = setup();
    const sessions = make();
    sessions.bind("s", "a");
    writes.flush();
    repository.removeOlderThan(Number.POSITIVE_INFINITY);
    sessions.bind("s", "a");
    writes.flush();
    expect(repository.since(0)).toEqual([]);
  });
});
