import { describe, expect, it } from "vitest";
import { redactBody } from "./redact-body.js";

const options = { maxBytes: 10_000, secrets: ["client-key-1234567890", "short"] };

describe("redactBody", () => {
  it("blanks secret fields at any depth and keeps the rest", () => {
    const text = redactBody(
      { model: "gpt-4o", api_key: "abc", nested: [{ Authorization: "Bearer x", refresh_token: "1//x" }] },
      options,
    );
    expect(JSON.parse(text ?? "")).toEqual({
      model: "gpt-4o",
      api_key: "[redacted]",
      nested: [{ Authorization: "[redacted]", refresh_token: "[redacted]" }],
    });
  });

  it("replaces secrets found in free text: Google keys and tokens, sk- keys, bearer values, known secrets", () => {
    const text =
      redactBody(
        {
          messages: [
            {
              role: "user",
              content:
                "my key is AIzaSyA1234567890abcdefghijklmnopqrstu and ya29.a0AfH6SMBxyz and sk-proj-abcdefghijklmnop1234 " +
                "and Bearer abcdefgh12345678 and client-key-1234567890 but short stays",
            },
          ],
        },
        options,
      ) ?? "";
    expect(text).not.toMatch(/AIza|ya29\.a0|sk-proj|abcdefgh12345678|client-key-1234567890/);
    expect(text).toContain("short stays");
  });

  it("shortens inline data URLs to their size", () => {
    const image = `data:image/png;base64,${"A".repeat(5000)}`;
    const text = redactBody({ image_url: { url: image } }, options) ?? "";
    expect(text).toContain("data:image/png;base64,[5000 characters]");
  });

  it("cuts at maxBytes and says how much went", () => {
    const text = redactBody({ text: "x".repeat(500) }, { maxBytes: 100, secrets: [] }) ?? "";
    expect(Buffer.byteLength(text)).toBeLessThan(140);
    expect(text).toMatch(/…\[cut: \d+ more bytes\]$/);
  });

  it("takes text bodies as they are, and nothing as null", () => {
    expect(redactBody('{"ok":true}', options)).toBe('{"ok":true}');
    expect(redactBody(undefined, options)).toBeNull();
  });
});
