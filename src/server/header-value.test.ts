import { describe, expect, it } from "vitest";
import { headerValue } from "./header-value.js";

describe("headerValue", () => {
  it("keeps printable ASCII as it is, % included", () => {
    expect(headerValue("work account@example.com (100%)")).toBe("work account@example.com (100%)");
  });

  it.each(["工作账号 ✓", "josé@example.com", "line\nbreak", "tab\there", "50% ü", "😀"])(
    "encodes %j to printable ASCII that decodes back to it",
    (text) => {
      const value = headerValue(text);
      expect(value).toMatch(/^[\x20-\x7e]+$/);
      expect(decodeURIComponent(value)).toBe(text);
    },
  );

  it("a lone surrogate becomes U+FFFD instead of throwing", () => {
    expect(decodeURIComponent(headerValue("a\ud800b"))).toBe("a\ufffdb");
  });

  it("leaves the ASCII around the encoded characters readable", () => {
    expect(headerValue("josé@example.com")).toBe("jos%C3%A9@example.com");
  });
});
