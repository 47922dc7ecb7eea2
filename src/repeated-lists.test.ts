import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listHint, RepeatedLists, RepeatedTexts, sameJson } from "./repeated-lists.js";

describe("sameJson", () => {
  it("says true only where JSON.stringify gives both the same text", () => {
    // Pairs that are often alike: the second made from the first's JSON, sometimes with its keys reversed.
    const reversed = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(reversed);
      if (value === null || typeof value !== "object") return value;
      return Object.fromEntries(
        Object.entries(value)
          .reverse()
          .map(([k, v]) => [k, reversed(v)]),
      );
    };
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), fc.boolean(), (a, other, reverse) => {
        const copy = JSON.parse(JSON.stringify(a));
        const b = reverse ? reversed(copy) : copy;
        expect(sameJson(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b));
        if (sameJson(a, other)) expect(JSON.stringify(a)).toBe(JSON.stringify(other));
      }),
    );
  });

  it("tells apart keys in another order, and arrays from objects", () => {
    expect(sameJson({ a: 1, b: [2] }, { a: 1, b: [2] })).toBe(true);
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameJson([1], { 0: 1 })).toBe(false);
    expect(sameJson({ a: [1, 2] }, { a: [1, 2, 3] })).toBe(false);
  });
});

describe("RepeatedLists", () => {
  const tools = (description: string) => [
    { type: "function", name: "read", description },
    { type: "function", name: "write", description: "Writes." },
  ];

  it("gives what was made for the last list like it, while the same list comes again", () => {
    const repeated = new RepeatedLists<string>();
    const first = tools("Reads.");
    repeated.set(listHint(first), first, "made once", JSON.stringify(first).length);
    const again = tools("Reads.");
    expect(repeated.get(listHint(again), again)).toBe("made once");
    // Same hint (length, first and last names), another list: nothing to reuse.
    const changed = tools("Reads a file.");
    expect(listHint(changed)).toBe(listHint(first));
    expect(repeated.get(listHint(changed), changed)).toBeUndefined();
  });

  it("keeps no list larger than its budget (2 MB of JSON), and starts over past it", () => {
    const repeated = new RepeatedLists<string>();
    const list = [{ name: "a" }];
    repeated.set("huge", list, "value", 3 * 1024 * 1024);
    expect(repeated.get("huge", list)).toBeUndefined();
    repeated.set("first", list, "one", 1024 * 1024);
    repeated.set("second", list, "two", 1024 * 1024 + 1);
    expect(repeated.get("first", list)).toBeUndefined();
    expect(repeated.get("second", list)).toBe("two");
  });

  it("hints by name, or by type where a tool has no name", () => {
    expect(listHint([{ type: "web_search" }, { type: "function", name: "read" }])).toBe(
      "2\0web_search\0read",
    );
    expect(listHint([])).toBe("0\0undefined\0undefined");
  });
});

describe("RepeatedTexts", () => {
  it("is JSON.stringify, for any text, long or short, seen before or not", () => {
    const texts = new RepeatedTexts();
    const long = fc.string({ unit: "binary", minLength: 1024, maxLength: 3000 });
    fc.assert(
      fc.property(fc.array(fc.oneof(long, fc.string({ unit: "binary" })), { maxLength: 6 }), (sent) => {
        for (const text of [...sent, ...sent]) expect(texts.json(text)).toBe(JSON.stringify(text));
      }),
    );
  });

  it("keeps texts of 1–64 KB", () => {
    expect(RepeatedTexts.keeps("x".repeat(1023))).toBe(false);
    expect(RepeatedTexts.keeps("x".repeat(1024))).toBe(true);
    expect(RepeatedTexts.keeps("x".repeat(64 * 1024 + 1))).toBe(false);
  });
});
