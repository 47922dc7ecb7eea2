import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { randomId, randomIds, storedId, timeOrderedId } from "./ids.js";

describe("request ids", () => {
  it("keep their shape: req_ and 20 base62 characters", () => {
    expect(randomIds.requestId()).toMatch(/^req_[0-9A-Za-z]{20}$/);
  });

  it("sort like the times they were made at", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_102_444_800_000 }),
        fc.integer({ min: 1, max: 10_000_000_000 }),
        (earlier, gap) => {
          expect(timeOrderedId(earlier) < timeOrderedId(earlier + gap)).toBe(true);
        },
      ),
    );
  });

  it("differ within one millisecond", () => {
    const now = Date.now();
    const ids = new Set(Array.from({ length: 1_000 }, () => timeOrderedId(now)));
    expect(ids.size).toBe(1_000);
  });

  it("random ids: the length asked for, base62, every character used, none repeated (across many blocks)", () => {
    const ids = Array.from({ length: 5_000 }, (_, index) => randomId(1 + (index % 40)));
    for (const [index, id] of ids.entries())
      expect(id).toMatch(new RegExp(`^[0-9A-Za-z]{${1 + (index % 40)}}$`));
    const long = ids.filter((id) => id.length >= 20);
    expect(new Set(long).size).toBe(long.length);
    expect(new Set(ids.join("")).size).toBe(62);
  });

  it("stored Responses ids: the prefix and 32 base62 characters, later ones sorting after", async () => {
    const first = storedId("resp");
    await new Promise((resolve) => setTimeout(resolve, 2));
    const second = storedId("resp");
    expect(first).toMatch(/^resp_[0-9A-Za-z]{32}$/);
    expect(storedId("fc")).toMatch(/^fc_[0-9A-Za-z]{32}$/);
    expect(first < second).toBe(true);
  });
});
