import { describe, expect, it } from "vitest";
import { idWithSignature, signatureFromId, signatureOfCall } from "./tool-call-id.js";

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

  it("a replayed call's signature: the id's own unless the id was cut short of the stored one", () => {
    const long = Buffer.from(`\x0a\x24${"\xfb\xff".repeat(30)}first`, "latin1").toString("base64");
    const other = Buffer.from(`\x0a\x24${"\xfb\xff".repeat(30)}other`, "latin1").toString("base64");
    expect(signatureOfCall(idWithSignature("call_abc", long), long)).toBe(long);
    expect(signatureOfCall(idWithSignature("call_abc", long).slice(0, 30), long)).toBe(long);
    expect(signatureOfCall(idWithSignature("call_abc", other), long)).toBe(other);
    expect(signatureOfCall(idWithSignature("call_abc", signature), long)).toBe(signature);
    expect(signatureOfCall("call_abc", long)).toBe(long);
    expect(signatureOfCall(idWithSignature("call_abc", signature), undefined)).toBe(signature);
  });
});
