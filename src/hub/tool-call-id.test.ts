import { describe, expect, it } from "vitest";
import { idWithSignature, signatureFromId } from "./tool-call-id.js";

describe("thought signatures inside tool-call ids", () => {
  const signature = "CiQBcsjafP+/9w==";

  it("round-trips a standard base64 signature through a URL-safe id", () => {
    const id = idWithSignature("call_abc", signature);
    expect(id).toMatch(/^call_abc__ts_[A-Za-z0-9_-]+$/);
    expect(signatureFromId(id)).toBe(signature);
  });

  it("an id without a signature stays as it is, and carries none", () => {
    expect(idWithSignature("call_abc", undefined)).toBe("call_abc");
    expect(signatureFromId("call_abc")).toBeUndefined();
  });

  it("never nests a second signature", () => {
    const id = idWithSignature("call_abc", signature);
    expect(idWithSignature(id, "b3RoZXI=")).toBe(id);
  });

  it("a mangled suffix carries nothing", () => {
    expect(signatureFromId("call_abc__ts_")).toBeUndefined();
    expect(signatureFromId("call_abc__ts_not valid!")).toBeUndefined();
  });
});
