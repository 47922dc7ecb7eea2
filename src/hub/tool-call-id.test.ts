import { describe, expect, it } from "vitest";
import {
  baseToolCallId,
  idWithSignature,
  idWithUpstreamCallId,
  signatureFromId,
  signatureOfCall,
  upstreamCallIdFromId,
} from "./tool-call-id.js";

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

describe("an upstream's own call id inside tool-call ids", () => {
  const signature = "CiQBcsjafP+/9w==";

  it("round-trips Gemini's id, before the signature, and leaves agate's own id as the base", () => {
    const id = idWithSignature(idWithUpstreamCallId("call_abc", "k3j5h2q9"), signature);
    expect(id).toMatch(/^call_abc__fc8_k3j5h2q9__ts_[A-Za-z0-9_-]+$/);
    expect(upstreamCallIdFromId(id)).toBe("k3j5h2q9");
    expect(signatureFromId(id)).toBe(signature);
    expect(baseToolCallId(id)).toBe("call_abc");
    expect(signatureOfCall(id, undefined)).toBe(signature);
  });

  it("an id whose characters a client might refuse goes as base64url; markers inside it change nothing", () => {
    for (const upstream of ["a b/c+d", "x__ts_y", "x__fc3_abc", "ünï"]) {
      const id = idWithSignature(idWithUpstreamCallId("call_abc", upstream), signature);
      expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(upstreamCallIdFromId(id)).toBe(upstream);
      expect(signatureFromId(id)).toBe(signature);
      expect(baseToolCallId(id)).toBe("call_abc");
    }
  });

  it("no upstream id: the id is as before, and carries none", () => {
    expect(idWithUpstreamCallId("call_abc", undefined)).toBe("call_abc");
    expect(idWithUpstreamCallId("call_abc", "")).toBe("call_abc");
    expect(upstreamCallIdFromId("call_abc")).toBeUndefined();
    expect(upstreamCallIdFromId(idWithSignature("call_abc", signature))).toBeUndefined();
  });

  it("ids a client or another provider made carry none", () => {
    for (const id of ["call_Xy12", "toolu_01A09q90qw90lq917835lq9", "fc_abc__fcx", "run-1__fc", "a__fc12"])
      expect(upstreamCallIdFromId(id)).toBeUndefined();
  });

  it("an id cut short inside the upstream id carries none, and no signature; its base is whole", () => {
    const id = idWithSignature(idWithUpstreamCallId("call_abc", "k3j5h2q9"), signature);
    for (const length of [14, 17, 21]) {
      const cut = id.slice(0, length);
      expect(upstreamCallIdFromId(cut)).toBeUndefined();
      expect(signatureFromId(cut)).toBeUndefined();
      expect(baseToolCallId(cut)).toBe("call_abc");
    }
    for (const length of [22, 24]) {
      expect(upstreamCallIdFromId(id.slice(0, length))).toBe("k3j5h2q9");
      expect(signatureFromId(id.slice(0, length))).toBeUndefined();
    }
  });

  it("never nests: a signature goes after the upstream id once", () => {
    const id = idWithSignature(idWithUpstreamCallId("call_abc", "x__ts_y"), signature);
    expect(idWithSignature(id, "b3RoZXI=")).toBe(id);
    expect(idWithSignature(idWithUpstreamCallId("call_abc", "x__ts_y"), signature)).not.toBe(
      idWithUpstreamCallId("call_abc", "x__ts_y"),
    );
  });
});

describe("reading the markers of an id", () => {
  it("finds the first marker after a run of underscores, and a header's length only in 1 to 5 digits", () => {
    expect(baseToolCallId("a___ts_QQ")).toBe("a_");
    expect(signatureFromId("a___ts_QQ")).toBe("QQ==");
    expect(baseToolCallId("a___fc2_xy")).toBe("a_");
    expect(upstreamCallIdFromId("a___fc2_xy")).toBe("xy");
    expect(upstreamCallIdFromId("a__fc00002_xy")).toBe("xy");
    expect(baseToolCallId("a__fc123456_x")).toBe("a__fc123456_x");
    expect(upstreamCallIdFromId("a__fc123456_x")).toBeUndefined();
    expect(baseToolCallId("a__fc0_")).toBe("a");
    expect(upstreamCallIdFromId("a__fc0_")).toBeUndefined();
    expect(signatureFromId("a__fc0___ts_QQ")).toBeUndefined();
  });

  it("a header that is no header leaves the search going: a later signature is found", () => {
    expect(baseToolCallId("a__fcx__ts_QQ")).toBe("a__fcx");
    expect(signatureFromId("a__fcx__ts_QQ")).toBe("QQ==");
    expect(upstreamCallIdFromId("a__fc4-YWJj__ts_QQ")).toBe("abc");
    expect(signatureFromId("a__fc4-YWJj__ts_QQ")).toBe("QQ==");
  });
});
