import { describe, expect, it } from "vitest";
import { clientKeys } from "../../src/config/client-keys.js";
import { loadConfig } from "../../src/config/load.js";
import { maskSecrets } from "../../src/config/mask.js";
import { catchConfigError, tempHome, writeFile } from "./support.js";

const ALICE_KEY = "sk-alice-0123456789-wxyz";
const PLAIN_KEY = "sk-plain-0123456789-abcd";

const fromFile = (content: unknown) => {
  const home = tempHome();
  return loadConfig({ configFile: writeFile(home, "c.json", content), env: {}, homeDir: home });
};

describe("api_keys entries with a name", () => {
  it("take a key as a string, as before, or as {key, name}; both kinds in one list", () => {
    const config = fromFile({ api_keys: [PLAIN_KEY, { key: ALICE_KEY, name: "alice" }] });
    expect(clientKeys(config)).toEqual([{ key: PLAIN_KEY }, { key: ALICE_KEY, name: "alice" }]);
  });

  it("take {key, name} objects from the environment as a JSON array; a comma-separated list stays keys", () => {
    const home = tempHome();
    const named = loadConfig({
      env: { AGATE_API_KEYS: JSON.stringify([{ key: ALICE_KEY, name: "alice" }, PLAIN_KEY]) },
      homeDir: home,
    });
    expect(clientKeys(named)).toEqual([{ key: ALICE_KEY, name: "alice" }, { key: PLAIN_KEY }]);
    const plain = loadConfig({ env: { AGATE_API_KEYS: `${PLAIN_KEY},${ALICE_KEY}` }, homeDir: home });
    expect(clientKeys(plain)).toEqual([{ key: PLAIN_KEY }, { key: ALICE_KEY }]);
  });

  it("print with the name shown and the key masked", () => {
    const config = fromFile({ api_keys: [PLAIN_KEY, { key: ALICE_KEY, name: "alice" }] });
    const printed = maskSecrets(config) as { api_keys: unknown[] };
    expect(printed.api_keys).toEqual(["****abcd", { key: "****wxyz", name: "alice" }]);
    expect(JSON.stringify(printed)).not.toContain(ALICE_KEY.slice(0, 8));
  });

  it.each([
    [
      "two keys with one name",
      [
        { key: PLAIN_KEY, name: "team" },
        { key: ALICE_KEY, name: "team" },
      ],
      'api_keys[1].name: "team" is already the name of api_keys[0]',
    ],
    ["a name that is the key itself", [{ key: ALICE_KEY, name: ALICE_KEY }], "api_keys[0].name: "],
    ["a name that is another key", ["sk-short", { key: ALICE_KEY, name: "sk-short" }], "api_keys[1].name: "],
    ["a name with spaces", [{ key: ALICE_KEY, name: "alice smith" }], "api_keys[0].name: "],
    ["a name in agate's own key-… form", [{ key: ALICE_KEY, name: "key-1" }], "api_keys[0].name: "],
    [
      "a field other than key and name",
      [{ key: ALICE_KEY, label: "alice" }],
      'api_keys[0]: unknown key "label"',
    ],
    ["a name without its key", [PLAIN_KEY, { name: "alice" }], "api_keys[1].key: missing"],
  ])("refuse %s (exit code 2, the key never shown)", (_, apiKeys, message) => {
    const error = catchConfigError(() => fromFile({ api_keys: apiKeys }));
    expect(error.exitCode).toBe(2);
    expect(error.key).toMatch(/^api_keys\[\d\]/);
    expect(error.message).toContain(message);
    expect(error.message).not.toContain(ALICE_KEY);
    expect(error.message).not.toContain(PLAIN_KEY);
    expect(error.message).not.toContain("sk-short");
  });
});
