import { describe, expect, it } from "vitest";
import { RecentValues } from "./recent-values.js";
import type { ConversationLink } from "./store/responses-repository.js";

const link = (text: string): ConversationLink => ({
  previousResponseId: null,
  sessionKey: null,
  accountId: null,
  inputItems: [{ type: "message", role: "user", content: text }],
  output: [],
});

describe("RecentValues", () => {
  it("keeps values within its budget of bytes, the least recently used going first", () => {
    const recent = new RecentValues<ConversationLink>(100);
    const [a, b, c] = [link("a"), link("b"), link("c")];
    recent.set("a", a, 40);
    recent.set("b", b, 40);
    expect(recent.get("a")).toBe(a); // now the most recent: b is the oldest
    recent.set("c", c, 40);
    expect(recent.get("b")).toBeUndefined();
    expect(recent.get("a")).toBe(a);
    expect(recent.get("c")).toBe(c);
    expect(recent.size).toBe(80);
  });

  it("does not keep a value larger than the whole budget, nor evict the others for it", () => {
    const recent = new RecentValues<ConversationLink>(100);
    const small = link("small");
    recent.set("small", small, 10);
    recent.set("huge", link("huge"), 101);
    expect(recent.get("huge")).toBeUndefined();
    expect(recent.get("small")).toBe(small);
    expect(recent.size).toBe(10);
  });

  it("forgets a deleted value, and counts a value set again once", () => {
    const recent = new RecentValues<ConversationLink>(100);
    recent.set("a", link("a"), 30);
    recent.set("a", link("a again"), 50);
    expect(recent.size).toBe(50);
    recent.delete("a");
    recent.delete("unknown");
    expect(recent.get("a")).toBeUndefined();
    expect(recent.size).toBe(0);
  });
});
