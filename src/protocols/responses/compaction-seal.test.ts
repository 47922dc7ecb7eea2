import { describe, expect, it } from "vitest";
import { sealSummary, unsealSummary } from "./compaction-seal.js";

const key = Buffer.alloc(32, 7);
const otherKey = Buffer.alloc(32, 8);
const iv = Buffer.alloc(12, 1);

describe("compaction seal", () => {
  it("round-trips a summary, unicode included", () => {
    const sealed = sealSummary("The user wants Paris weather — in °C.", key);
    expect(unsealSummary(sealed, key)).toBe("The user wants Paris weather — in °C.");
  });

  it("is opaque: the summary does not show in the blob", () => {
    const sealed = sealSummary("secret plans", key, iv);
    expect(Buffer.from(sealed, "base64url").toString("latin1")).not.toContain("secret plans");
    expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("uses a fresh IV each time, so equal summaries seal differently", () => {
    expect(sealSummary("same", key)).not.toBe(sealSummary("same", key));
  });

  it("refuses a blob with one flipped byte", () => {
    const bytes = Buffer.from(sealSummary("the summary", key, iv), "base64url");
    for (const index of [1, 14, 30, bytes.length - 1]) {
      const altered = Buffer.from(bytes);
      altered[index] = (altered[index] ?? 0) ^ 1;
      expect(unsealSummary(altered.toString("base64url"), key)).toBeUndefined();
    }
  });

  it("refuses a blob sealed under another key", () => {
    expect(unsealSummary(sealSummary("the summary", otherKey), key)).toBeUndefined();
  });

  it("refuses junk, empty strings, truncated blobs and unknown versions", () => {
    const sealed = Buffer.from(sealSummary("the summary", key, iv), "base64url");
    const wrongVersion = Buffer.from(sealed);
    wrongVersion[0] = 2;
    for (const blob of [
      "",
      "not a blob",
      sealed.subarray(0, 29).toString("base64url"),
      wrongVersion.toString("base64url"),
    ]) {
      expect(unsealSummary(blob, key)).toBeUndefined();
    }
  });
});
