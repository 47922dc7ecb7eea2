import { describe, expect, it } from "vitest";
import { AgateError } from "../../errors.js";
import { validateItems } from "./validate-items.js";

const rejected = (body: unknown): AgateError => {
  try {
    validateItems(body);
  } catch (error) {
    if (error instanceof AgateError) return error;
    throw error;
  }
  throw new Error("expected a 400");
};

describe("validateItems", () => {
  it("an item type named after an Object method is unknown, not a crash", () => {
    expect(rejected({ input: [{ type: "toString" }] }).param).toBe("input[0].type");
    expect(rejected({ input: [{ type: "constructor" }] }).param).toBe("input[0].type");
  });

  it("a tool type named after an Object method is left to the request schema, not a crash", () => {
    expect(() => validateItems({ tools: [{ type: "toString" }, { type: "hasOwnProperty" }] })).not.toThrow();
  });
});
