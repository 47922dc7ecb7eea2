import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { clientKeys } from "../config/client-keys.js";
import type { Config } from "../config/schema.js";
import { rememberPresentedKey } from "../server/auth.js";
import { ClientKeyLabels } from "./client-key.js";

const FIRST = "sk-first-0123456789";
const SECOND = "sk-second-0123456789";
const SALT = Buffer.from("0123456789abcdef0123456789abcdef", "hex");
const OTHER_SALT = Buffer.from("fedcba9876543210fedcba9876543210", "hex");

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const labelsOf = (apiKeys: Config["api_keys"], salt: Buffer) =>
  new ClientKeyLabels(clientKeys({ api_keys: apiKeys }), salt);

describe("client key labels", () => {
  it("names a key by a short keyed fingerprint, never the key or a part of it", () => {
    const label = labelsOf([FIRST, SECOND], SALT).labelOf(bearer(SECOND));
    expect(label).toMatch(/^key-[0-9a-f]{8}$/);
    expect(label).not.toContain(SECOND.slice(-6));
    // Keyed: not the plain hash anyone could compute from a guessed key.
    expect(label).not.toBe(`key-${createHash("sha256").update(SECOND).digest("hex").slice(0, 8)}`);
    expect(labelsOf([SECOND], OTHER_SALT).labelOf(bearer(SECOND))).not.toBe(label);
  });

  it("keeps a key's label when the list changes around it (a key added before it, one removed)", () => {
    const before = labelsOf([FIRST, SECOND], SALT);
    const after = labelsOf(["sk-new-0123456789", SECOND], SALT);
    expect(after.labelOf(bearer(SECOND))).toBe(before.labelOf(bearer(SECOND)));
    expect(labelsOf([SECOND], SALT).labelOf(bearer(SECOND))).toBe(before.labelOf(bearer(SECOND)));
    expect(before.labelOf(bearer(FIRST))).not.toBe(before.labelOf(bearer(SECOND)));
  });

  it("names a key the operator named by its name", () => {
    const labels = labelsOf([FIRST, { key: SECOND, name: "alice" }], SALT);
    expect(labels.labelOf(bearer(SECOND))).toBe("alice");
    expect(labels.labelOf({ "x-api-key": FIRST })).toMatch(/^key-[0-9a-f]{8}$/);
  });

  it("names nothing for a request without a key, or with one agate does not know (auth off)", () => {
    const labels = labelsOf([FIRST, SECOND], SALT);
    expect(labels.labelOf(bearer("sk-unknown-0123456789"))).toBeNull();
    expect(labels.labelOf({})).toBeNull();
  });

  it("takes a checked request's key from the key check's answer", () => {
    const labels = labelsOf([FIRST, { key: SECOND, name: "bob" }], SALT);
    // The headers carry the first key, but the check said the second: the label is the check's.
    const headers = bearer(FIRST);
    rememberPresentedKey(headers, 1);
    expect(labels.labelOf(headers)).toBe("bob");
  });

  it("names nothing when no api_keys are configured", () => {
    expect(labelsOf([], SALT).labelOf(bearer(FIRST))).toBeNull();
  });
});
