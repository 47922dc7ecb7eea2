import { describe, expect, it } from "vitest";
import { openMemoryDatabase } from "../store/database.js";
import { SqliteModelMappingRepository } from "../store/model-mapping-repository.js";
import { RuntimeModelMapping } from "./runtime-model-mapping.js";

function mapping(base: Record<string, string>) {
  const applied: Record<string, string>[] = [];
  const runtime = new RuntimeModelMapping(
    base,
    new SqliteModelMappingRepository(openMemoryDatabase()),
    (effective) => applied.push({ ...effective }),
  );
  return { runtime, applied };
}

describe("RuntimeModelMapping", () => {
  it("PATCH sets and takes out entries, kept as changes over the config file's mapping", () => {
    const { runtime, applied } = mapping({ a: "gemini-a", b: "gemini-b" });
    expect(runtime.patch({ b: null, c: "gemini-c", a: "gemini-a" })).toEqual({
      a: "gemini-a",
      c: "gemini-c",
    });
    expect(runtime.overrides()).toEqual({ b: null, c: "gemini-c" });
    expect(applied.at(-1)).toEqual({ a: "gemini-a", c: "gemini-c" });
  });

  it("PUT makes the mapping exactly the body; DELETE goes back to the file", () => {
    const { runtime } = mapping({ a: "gemini-a" });
    expect(runtime.replace({ a: "other", z: "gemini-z" })).toEqual({ a: "other", z: "gemini-z" });
    expect(runtime.overrides()).toEqual({ a: "other", z: "gemini-z" });
    expect(runtime.replace({})).toEqual({});
    expect(runtime.overrides()).toEqual({ a: null });
    expect(runtime.reset()).toEqual({ a: "gemini-a" });
    expect(runtime.overrides()).toEqual({});
  });

  it("treats __proto__ and other prototype names as plain model names", () => {
    const { runtime } = mapping({});
    const effective = runtime.patch(JSON.parse('{"__proto__": "gemini-x", "constructor": "gemini-y"}'));
    expect(Object.keys(effective).sort()).toEqual(["__proto__", "constructor"]);
    expect(Object.getPrototypeOf(effective)).toBe(Object.prototype);
  });
});
