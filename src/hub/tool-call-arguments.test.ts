import { describe, expect, it } from "vitest";
import { toolCallArguments } from "./tool-call-arguments.js";

describe("toolCallArguments", () => {
  it("a JSON object is the arguments; empty text is none", () => {
    expect(toolCallArguments('{"city":"Paris","days":[1,2]}')).toEqual({ city: "Paris", days: [1, 2] });
    expect(toolCallArguments(" \n")).toEqual({});
  });

  it.each([
    ["[1]", [1]],
    ['"text"', "text"],
    ["42", 42],
    ["true", true],
    ["null", null],
    [' [ "a" ] ', ["a"]],
  ])(
    "JSON that is not an object (%s) is wrapped as {value}: the replayed call keeps what the model said",
    (text, value) => {
      expect(toolCallArguments(text)).toEqual({ value });
    },
  );

  it.each(["{bad", '{"city":"Par', "city=Paris", "{city: Paris}"])(
    "text that is not JSON (%s) is wrapped as {raw}, exactly as sent",
    (text) => {
      expect(toolCallArguments(text)).toEqual({ raw: text });
    },
  );
});
