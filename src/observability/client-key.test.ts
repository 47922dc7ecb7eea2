import { describe, expect, it } from "vitest";
import { rememberPresentedKey } from "../server/auth.js";
import { ClientKeyLabels } from "./client-key.js";

const KEYS = ["sk-first-0123456789", "sk-second-0123456789"];

describe("client key labels", () => {
  it("names the key a request carried by its place in api_keys (auth off: the log still tells keys apart)", () => {
    const labels = new ClientKeyLabels(KEYS);
    expect(labels.labelOf({ authorization: `Bearer ${KEYS[1]}` })).toBe("key-2");
    expect(labels.labelOf({ "x-api-key": KEYS[0] })).toBe("key-1");
    expect(labels.labelOf({ authorization: "Bearer sk-unknown-0123456789" })).toBeNull();
    expect(labels.labelOf({})).toBeNull();
  });

  it("takes a checked request's key from the key check's answer", () => {
    const labels = new ClientKeyLabels(KEYS);
    // The headers carry the first key, but the check said the second: the label is the check's.
    const headers = { authorization: `Bearer ${KEYS[0]}` };
    rememberPresentedKey(headers, 1);
    expect(labels.labelOf(headers)).toBe("key-2");
  });

  it("names nothing when no api_keys are configured", () => {
    expect(new ClientKeyLabels([]).labelOf({ authorization: `Bearer ${KEYS[0]}` })).toBeNull();
  });
});
