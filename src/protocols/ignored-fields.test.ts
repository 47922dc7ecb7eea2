import { describe, expect, it } from "vitest";
import { IgnoredFields } from "./ignored-fields.js";

describe("IgnoredFields", () => {
  it("names each unknown top-level field the first time only, never a known one", () => {
    const fields = new IgnoredFields(["model", "messages"]);
    expect(fields.newIn({ model: "m", messages: [], service_tier: "auto", metadata: {} })).toEqual([
      "service_tier",
      "metadata",
    ]);
    expect(fields.newIn({ model: "m", service_tier: "flex", store: true })).toEqual(["store"]);
    expect(fields.newIn({ service_tier: "auto", store: false, metadata: null })).toEqual([]);
  });

  it("looks only at JSON objects", () => {
    const fields = new IgnoredFields([]);
    for (const body of [null, undefined, "text", 3, ["a"]]) expect(fields.newIn(body)).toEqual([]);
  });

  it("remembers at most a thousand names, however many a client invents", () => {
    const fields = new IgnoredFields([]);
    let told = 0;
    for (let index = 0; index < 5_000; index++) told += fields.newIn({ [`field_${index}`]: 1 }).length;
    expect(told).toBe(1_000);
  });
});
