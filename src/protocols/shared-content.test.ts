import { describe, expect, it } from "vitest";
import { toolCallArguments } from "../hub/tool-call-arguments.js";
import { mediaFromUrl } from "./shared-content.js";

describe("mediaFromUrl", () => {
  it("image/jpg (common in clients, accepted by OpenAI, refused by Gemini) is sent as image/jpeg", () => {
    expect(mediaFromUrl("data:image/jpg;base64,/9j/4AAQ", "p")).toEqual({
      type: "media",
      mimeType: "image/jpeg",
      data: "/9j/4AAQ",
    });
  });

  it("a data: URL's media type and base64 marker are case-insensitive (RFC 2397)", () => {
    expect(mediaFromUrl("data:IMAGE/PNG;BASE64,iVBORw0K", "p")).toEqual({
      type: "media",
      mimeType: "image/png",
      data: "iVBORw0K",
    });
  });

  it("other types pass as they are", () => {
    expect(mediaFromUrl("data:image/webp;base64,UklGRg==", "p")).toMatchObject({ mimeType: "image/webp" });
  });
});

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
