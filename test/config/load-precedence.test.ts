import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { DEFAULT_MODEL_ALIASES } from "../../src/routing/aliases.js";
import { tempHome, writeFile } from "./support.js";

describe("loadConfig precedence", () => {
  it("applies the schema defaults when no source sets anything", () => {
    const home = tempHome();
    const config = loadConfig({ env: {}, homeDir: home });
    expect(config).toMatchObject({
      port: 8045,
      allow_lan_access: false,
      auth_mode: "auto",
      api_keys: [],
      model_mapping: {},
      max_attempts: 3,
      log_level: "info",
      accounts: [],
      data_dir: join(home, ".agate"),
    });
    expect(config.host).toBeUndefined();
    expect(config.model_aliases).toEqual(DEFAULT_MODEL_ALIASES);
  });

  it("reads the default config file at ~/.agate/config.json", () => {
    const home = tempHome();
    writeFile(home, ".agate/config.json", { port: 7000 });
    expect(loadConfig({ env: {}, homeDir: home }).port).toBe(7000);
  });

  it("reads the default config file under AGATE_HOME", () => {
    const home = tempHome();
    const agateHome = join(home, "elsewhere");
    writeFile(agateHome, "config.json", { port: 7001 });
    expect(loadConfig({ env: { AGATE_HOME: agateHome }, homeDir: home }).port).toBe(7001);
  });

  it("file beats default", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", { max_attempts: 5 });
    expect(loadConfig({ configFile: file, env: {}, homeDir: home }).max_attempts).toBe(5);
  });

  it("env beats file", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", { port: 7000 });
    expect(loadConfig({ configFile: file, env: { AGATE_PORT: "7100" }, homeDir: home }).port).toBe(7100);
  });

  it("env beats default", () => {
    expect(loadConfig({ env: { AGATE_LOG_LEVEL: "debug" }, homeDir: tempHome() }).log_level).toBe("debug");
  });

  it("flags beat env", () => {
    const config = loadConfig({ flags: { port: 9000 }, env: { AGATE_PORT: "7100" }, homeDir: tempHome() });
    expect(config.port).toBe(9000);
  });

  it("flags beat file", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", { host: "10.0.0.1" });
    expect(loadConfig({ flags: { host: "0.0.0.0" }, configFile: file, env: {}, homeDir: home }).host).toBe(
      "0.0.0.0",
    );
  });

  it("flags beat default", () => {
    expect(
      loadConfig({ flags: { allow_lan_access: true }, env: {}, homeDir: tempHome() }).allow_lan_access,
    ).toBe(true);
  });

  it("ignores flags left undefined", () => {
    const config = loadConfig({
      flags: { port: undefined },
      env: { AGATE_PORT: "7100" },
      homeDir: tempHome(),
    });
    expect(config.port).toBe(7100);
  });

  it("a higher source replaces a whole value rather than merging into it", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", { model_mapping: { a: "x", b: "y" } });
    const config = loadConfig({ configFile: file, env: { AGATE_MODEL_MAPPING: '{"c":"z"}' }, homeDir: home });
    expect(config.model_mapping).toEqual({ c: "z" });
  });

  it("keeps each source's keys that higher sources leave alone", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", { port: 7000, log_level: "warn", max_attempts: 4 });
    const config = loadConfig({
      flags: { port: 9000 },
      configFile: file,
      env: { AGATE_LOG_LEVEL: "error" },
      homeDir: home,
    });
    expect(config).toMatchObject({ port: 9000, log_level: "error", max_attempts: 4, auth_mode: "auto" });
  });

  it("ignores unknown AGATE_* variables", () => {
    expect(loadConfig({ env: { AGATE_NOT_A_KEY: "1", AGATE_ALSO: "x" }, homeDir: tempHome() }).port).toBe(
      8045,
    );
  });

  it("treats an empty variable as unset", () => {
    expect(loadConfig({ env: { AGATE_PORT: "" }, homeDir: tempHome() }).port).toBe(8045);
  });
});

describe("loadConfig result", () => {
  it("is deep-frozen", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", {
      model_mapping: { a: "b" },
      accounts: [{ kind: "gemini", api_key: "k" }],
    });
    const config = loadConfig({ configFile: file, env: {}, homeDir: home });
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(() => {
      (config.api_keys as string[]).push("x");
    }).toThrow(TypeError);
    expect(() => {
      (config.model_mapping as Record<string, string>).c = "d";
    }).toThrow(TypeError);
    expect(() => {
      (config.accounts[0] as { api_key: string }).api_key = "other";
    }).toThrow(TypeError);
  });

  it("does not freeze what the caller passed in", () => {
    const keys = ["one"];
    loadConfig({ flags: { api_keys: keys }, env: {}, homeDir: tempHome() });
    expect(Object.isFrozen(keys)).toBe(false);
  });
});
