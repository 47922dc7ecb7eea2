import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/load.js";
import { catchConfigError, tempHome, writeFile } from "./support.js";

describe("bad values", () => {
  it("from the environment name the key, what is allowed and the variable", () => {
    const error = catchConfigError(() => loadConfig({ env: { AGATE_PORT: "abc" }, homeDir: tempHome() }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.exitCode).toBe(2);
    expect(error.key).toBe("port");
    expect(error.message).toBe(
      'Invalid configuration: port: expected an integer from 0 to 65535, got "abc" (from AGATE_PORT)',
    );
  });

  it("out of range in the environment", () => {
    const error = catchConfigError(() =>
      loadConfig({ env: { AGATE_MAX_ATTEMPTS: "50" }, homeDir: tempHome() }),
    );
    expect(error.key).toBe("max_attempts");
    expect(error.message).toContain("expected an integer from 1 to 20, got 50 (from AGATE_MAX_ATTEMPTS)");
  });

  it.each([
    ["AGATE_ALLOW_LAN_ACCESS", "maybe", "allow_lan_access", "true or false"],
    ["AGATE_AUTH_MODE", "sometimes", "auth_mode", 'one of "off", "strict", "all_except_health", "auto"'],
    ["AGATE_MODEL_MAPPING", "{not json", "model_mapping", "JSON object"],
    ["AGATE_MODEL_MAPPING", "[1,2]", "model_mapping", "an object mapping names to values"],
    ["AGATE_REQUEST_TIMEOUT_MS", "0", "request_timeout_ms", "an integer that is greater than 0"],
    // One account object where a list of them belongs: not cut at its commas into pieces of JSON.
    [
      "AGATE_ACCOUNTS",
      '{"kind":"gemini","api_key":"k"}',
      "accounts",
      'a list (each item an object whose kind is one of "gemini"',
    ],
    ["AGATE_ACCOUNTS", "gemini:k", "accounts", "(in the environment: a JSON array)"],
  ])("%s=%s is refused", (variable, text, key, allowed) => {
    const error = catchConfigError(() => loadConfig({ env: { [variable]: text }, homeDir: tempHome() }));
    expect(error.exitCode).toBe(2);
    expect(error.key).toBe(key);
    expect(error.message).toContain(`${key}: expected `);
    expect(error.message).toContain(allowed);
    expect(error.message).toContain(`(from ${variable})`);
  });

  it("from the config file name the file", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", { log_level: "loud" });
    const error = catchConfigError(() => loadConfig({ configFile: file, env: {}, homeDir: home }));
    expect(error.exitCode).toBe(2);
    expect(error.key).toBe("log_level");
    expect(error.message).toContain('log_level: expected one of "fatal"');
    expect(error.message).toContain(`got "loud" (from ${file})`);
  });

  it("deep inside the config file name the full path", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", {
      accounts: [{ kind: "gemini", api_key: "k", base_url: "nope" }],
    });
    const error = catchConfigError(() => loadConfig({ configFile: file, env: {}, homeDir: home }));
    expect(error.key).toBe("accounts[0].base_url");
    expect(error.message).toContain(
      `accounts[0].base_url: expected an http or https URL, got "nope" (from ${file})`,
    );
  });

  it("two accounts with the same label are refused, naming both", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", {
      accounts: [
        { kind: "gemini", label: "work", api_key: "key-one" },
        { kind: "gemini", api_key: "key-two" },
        { kind: "gemini", label: "work", api_key: "key-three" },
      ],
    });
    const error = catchConfigError(() => loadConfig({ configFile: file, env: {}, homeDir: home }));
    expect(error.exitCode).toBe(2);
    expect(error.key).toBe("accounts[2].label");
    expect(error.message).toBe(
      'Invalid configuration: accounts[2].label: "work" is already the label of accounts[0]; each account needs a label of its own',
    );
  });

  it("a missing required key is named", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", { accounts: [{ kind: "gemini" }] });
    const error = catchConfigError(() => loadConfig({ configFile: file, env: {}, homeDir: home }));
    expect(error.key).toBe("accounts[0].api_key");
    expect(error.message).toContain("accounts[0].api_key: missing; expected a non-empty string");
  });

  it("from flags name the command line", () => {
    const error = catchConfigError(() =>
      loadConfig({ flags: { port: 70000 }, env: {}, homeDir: tempHome() }),
    );
    expect(error.exitCode).toBe(2);
    expect(error.key).toBe("port");
    expect(error.message).toContain("got 70000 (from the command line)");
  });

  it("lists every problem when there are several", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", { port: -1, max_attempts: 0 });
    const error = catchConfigError(() => loadConfig({ configFile: file, env: {}, homeDir: home }));
    expect(error.key).toBe("port");
    expect(error.message).toContain("  - port: ");
    expect(error.message).toContain("  - max_attempts: ");
  });

  it("never shows a secret that is in the wrong shape", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", { api_keys: "super-secret-client-key" });
    const error = catchConfigError(() => loadConfig({ configFile: file, env: {}, homeDir: home }));
    expect(error.key).toBe("api_keys");
    expect(error.message).not.toContain("super-secret-client-key");
    expect(error.message).toContain("got a string (not shown: it is a secret)");
  });

  it.each(["admin_key", "compaction_secret", "secret_key"])(
    "%s: a value too short names the minimum, not the secret",
    (key) => {
      const home = tempHome();
      const file = writeFile(home, "c.json", { [key]: "adm-secret-123" });
      const error = catchConfigError(() => loadConfig({ configFile: file, env: {}, homeDir: home }));
      expect(error.exitCode).toBe(2);
      expect(error.key).toBe(key);
      expect(error.message).toBe(
        `Invalid configuration: ${key}: expected a string of at least 16 characters, got a shorter string (not shown: it is a secret) (from ${file})`,
      );
    },
  );

  it("a short secret from the environment is described the same way", () => {
    const error = catchConfigError(() =>
      loadConfig({ env: { AGATE_ADMIN_KEY: "adm-secret-123" }, homeDir: tempHome() }),
    );
    expect(error.message).toContain("admin_key: expected a string of at least 16 characters");
    expect(error.message).not.toContain("adm-secret-123");
  });
});

describe("the config file", () => {
  it("refuses an unknown key, naming it and the allowed keys", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", { port: 8000, prot: 8001 });
    const error = catchConfigError(() => loadConfig({ configFile: file, env: {}, homeDir: home }));
    expect(error.exitCode).toBe(2);
    expect(error.key).toBe("prot");
    expect(error.message).toContain(`unknown key "prot" (from ${file}); allowed keys: port, host,`);
  });

  it("refuses an unknown key inside an account", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", { accounts: [{ kind: "gemini", api_key: "k", apikey: "k" }] });
    const error = catchConfigError(() => loadConfig({ configFile: file, env: {}, homeDir: home }));
    expect(error.key).toBe("accounts[0].apikey");
    expect(error.message).toContain('accounts[0]: unknown key "apikey"');
    expect(error.message).toContain("allowed keys: kind, label, api_key, base_url, enabled");
  });

  it("refuses invalid JSON, naming the file and where, without quoting it", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", '{\n  "api_keys": ["very-secret-key-123"],\n}');
    const error = catchConfigError(() => loadConfig({ configFile: file, env: {}, homeDir: home }));
    expect(error.exitCode).toBe(2);
    expect(error.key).toBeUndefined();
    expect(error.message).toContain(`${file} is not valid JSON`);
    expect(error.message).toContain("line 3");
    expect(error.message).not.toContain("very-secret-key-123");
  });

  it("refuses JSON that is not an object", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", "[1, 2]");
    const error = catchConfigError(() => loadConfig({ configFile: file, env: {}, homeDir: home }));
    expect(error.message).toContain(`${file} must hold a JSON object`);
  });

  it("invalid JSON in the default file is an error too", () => {
    const home = tempHome();
    const file = writeFile(home, ".agate/config.json", "{");
    const error = catchConfigError(() => loadConfig({ env: {}, homeDir: home }));
    expect(error.message).toContain(`${file} is not valid JSON`);
  });

  it("a missing explicit file is an error", () => {
    const home = tempHome();
    const file = join(home, "absent.json");
    const error = catchConfigError(() => loadConfig({ configFile: file, env: {}, homeDir: home }));
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(`Config file not found: ${file}`);
  });

  it("a missing default file is fine", () => {
    expect(
      loadConfig({ env: { AGATE_HOME: join(tempHome(), "nothing-here") }, homeDir: tempHome() }).port,
    ).toBe(8045);
  });

  it("accepts a byte-order mark", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", '\uFEFF{"port": 8100}');
    expect(loadConfig({ configFile: file, env: {}, homeDir: home }).port).toBe(8100);
  });

  it("a __proto__ key is refused as unknown rather than merged", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", '{"__proto__": {"port": 1}}');
    const error = catchConfigError(() => loadConfig({ configFile: file, env: {}, homeDir: home }));
    expect(error.key).toBe("__proto__");
    expect(error.message).toContain('unknown key "__proto__"');
  });
});
