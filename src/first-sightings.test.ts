import { describe, expect, it } from "vitest";
import { FirstSightings } from "./first-sightings.js";

describe("FirstSightings", () => {
  it("says a key is new once", () => {
    const sightings = new FirstSightings(10);
    expect([sightings.first("a"), sightings.first("b"), sightings.first("a")]).toEqual([true, true, false]);
  });

  it("stops taking new keys when full", () => {
    const sightings = new FirstSightings(2);
    sightings.first("a");
    sightings.first("b");
    expect(sightings.first("c")).toBe(false);
    expect(sightings.first("c")).toBe(false);
  });
});
