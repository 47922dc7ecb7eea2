import { describe, expect, it } from "vitest";
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
