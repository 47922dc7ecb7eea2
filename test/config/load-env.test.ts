import { describe, expect, it } from "vitest";
import { describeConfig } from "../../src/config/describe.js";
import { loadConfig } from "../../src/config/load.js";
import { tempHome } from "./support.js";

const load = (env: Record<string, string>) => loadConfig({ env, homeDir: tempHome() });

describe("environment variables", () => {
  it("reads numbers", () => {
    expect(load({ AGATE_PORT: "9001", AGATE_REQUEST_TIMEOUT_MS: " 1000 " })).toMatchObject({
      port: 9001,
      request_timeout_ms: 1000,
    });
  });

  it.each([
    ["true", true],
    ["TRUE", true],
    ["1", true],
    ["yes", true],
    ["false", false],
    ["0", false],
    ["No", false],
  ])("reads the boolean %s", (text, value) => {
    expect(load({ AGATE_ALLOW_LAN_ACCESS: text }).allow_lan_access).toBe(value);
  });

  it("reads comma-separated lists, trimming items and dropping empty ones", () => {
    expect(load({ AGATE_API_KEYS: "key-one, key-two,,key-three " }).api_keys).toEqual([
      "key-one",
      "key-two",
      "key-three",
    ]);
  });

  it("reads a list given as a JSON array", () => {
    expect(load({ AGATE_CORS_ORIGINS: '["https://a.example","https://b.example"]' }).cors_origins).toEqual([
      "https://a.example",
      "https://b.example",
    ]);
  });

  it("reads records as JSON objects", () => {
    expect(
      load({ AGATE_MODEL_MAPPING: '{"gpt-4o":"gemini-2.5-pro","claude-*":"gemini-2.5-flash"}' })
        .model_mapping,
    ).toEqual({ "gpt-4o": "gemini-2.5-pro", "claude-*": "gemini-2.5-flash" });
  });

  it("reads enums", () => {
    expect(load({ AGATE_AUTH_MODE: "strict" }).auth_mode).toBe("strict");
  });

  it("reads plain strings", () => {
    expect(load({ AGATE_HOST: "192.168.1.5" }).host).toBe("192.168.1.5");
  });

  it("reads lists of objects as JSON", () => {
    const config = load({ AGATE_ACCOUNTS: '[{"kind":"gemini","label":"a","api_key":"k1"}]' });
    expect(config.accounts).toEqual([{ kind: "gemini", label: "a", api_key: "k1", enabled: true }]);
  });

  it("reads every key of the schema, each written the way its kind is written", () => {
    for (const entry of describeConfig()) {
      if (entry.default === "") continue;
      const value: unknown = JSON.parse(entry.default);
      const text =
        Array.isArray(value) && value.every((item) => typeof item === "string")
          ? value.join(",")
          : typeof value === "object"
            ? JSON.stringify(value)
            : String(value);
      const config = load({ [entry.env]: text });
      expect(config[entry.key as keyof typeof config], entry.key).toEqual(value);
    }
  });
});
