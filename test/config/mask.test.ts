import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { maskSecrets, maskValue } from "../../src/config/mask.js";
import { tempHome, writeFile } from "./support.js";

const longClientKey = "client-key-0123456789-wxyz";
const shortClientKey = "short-key";
const longAccountKey = "AIzaSyD-account-key-0123456789abcd";
const envAccountKey = "AIzaSyD-env-key-9876543210-efgh";

describe("maskSecrets", () => {
  it("leaves no secret in the printed config", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", {
      api_keys: [longClientKey, shortClientKey],
      accounts: [{ kind: "gemini", label: "main", api_key: longAccountKey }],
    });
    const config = loadConfig({ configFile: file, env: { GEMINI_API_KEY: envAccountKey }, homeDir: home });
    const printed = JSON.stringify(maskSecrets(config));
    for (const secret of [longClientKey, shortClientKey, longAccountKey, envAccountKey]) {
      expect(printed).not.toContain(secret);
      expect(printed).not.toContain(secret.slice(0, 8));
    }
    expect(maskSecrets(config)).toMatchObject({
      api_keys: ["****wxyz", "****"],
      accounts: [
        { label: "main", api_key: "****abcd" },
        { label: "env:GEMINI_API_KEY", api_key: "****efgh" },
      ],
      port: 8045,
    });
  });

  it("shows the last four characters only of secrets of 16 characters or more", () => {
    expect(maskValue("0123456789abcdef")).toBe("****cdef");
    expect(maskValue("0123456789abcde")).toBe("****");
    expect(maskValue("")).toBe("****");
    expect(maskValue(12345)).toBe("****");
  });

  it("masks secret keys at any depth and leaves the input untouched", () => {
    const input = { nested: { deeper: [{ api_key: "abcdefghijklmnopqrst", other: "visible" }] } };
    expect(maskSecrets(input)).toEqual({ nested: { deeper: [{ api_key: "****qrst", other: "visible" }] } });
    expect(input.nested.deeper[0]?.api_key).toBe("abcdefghijklmnopqrst");
  });

  it("masks a secret whole when it is not a string", () => {
    expect(maskSecrets({ api_key: { value: "abc" }, api_keys: [["nested-secret"]] })).toEqual({
      api_key: "****",
      api_keys: [["****"]],
    });
  });

  it("returns a copy that can be changed even when the config is frozen", () => {
    const config = loadConfig({ env: {}, homeDir: tempHome() });
    const masked = maskSecrets(config) as { port: number };
    masked.port = 1;
    expect(config.port).toBe(8045);
  });
});
