import { describe, expect, it } from "vitest";
import { RecentLinks } from "./recent-links.js";
import type { ConversationLink } from "./responses-repository.js";

const link = (text: string): ConversationLink => ({
  previousResponseId: null,
  sessionKey: null,
  accountId: null,
  inputItems: [{ type: "message", role: "user", content: text }],
  output: [],
});

describe("RecentLinks", () => {
  it("keeps links within its budget of JSON bytes, the least recently used going first", () => {
    const recent = new RecentLinks(100);
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

  it("does not keep a link larger than the whole budget, nor evict the others for it", () => {
    const recent = new RecentLinks(100);
    const small = link("small");
    recent.set("small", small, 10);
    recent.set("huge", link("huge"), 101);
    expect(recent.get("huge")).toBeUndefined();
    expect(recent.get("small")).toBe(small);
    expect(recent.size).toBe(10);
  });

  it("forgets a deleted link, and counts a link set again once", () => {
    const recent = new RecentLinks(100);
    recent.set("a", link("a"), 30);
    recent.set("a", link("a again"), 50);
    expect(recent.size).toBe(50);
    recent.delete("a");
    recent.delete("unknown");
    expect(recent.get("a")).toBeUndefined();
    expect(recent.size).toBe(0);
  });
});
