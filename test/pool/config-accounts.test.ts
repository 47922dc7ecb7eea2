import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/load.js";
import { maskSecrets } from "../../src/config/mask.js";
import { tempDir } from "../helpers/temp-dir.js";

function load(file: Record<string, unknown>, env: Record<string, string> = {}) {
  const home = tempDir("agate-accounts-config-");
  const path = join(home, "config.json");
  writeFileSync(path, JSON.stringify(file));
  return loadConfig({ configFile: path, env, homeDir: home });
}

function loadError(file: Record<string, unknown>): ConfigError {
  try {
    load(file);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

const oauth = {
  oauth_client_id: "client.apps.googleusercontent.com",
  oauth_client_secret: "GOCSPX-0123456789abcdefgh",
};

describe("accounts of every kind in the config", () => {
  it("reads gemini, cloudcode and openai accounts with their defaults", () => {
    const config = load({
      ...oauth,
      accounts: [
        { kind: "gemini", api_key: "AIza-key", proxy_url: "http://proxy.example:3128" },
        { kind: "cloudcode", label: "me", refresh_token: "1//refresh-token", max_concurrent: 2 },
        { kind: "openai", base_url: "http://127.0.0.1:11434/v1", models: ["llama3.1:8b"] },
      ],
    });
    expect(config.accounts).toEqual([
      { kind: "gemini", api_key: "AIza-key", proxy_url: "http://proxy.example:3128", enabled: true },
      { kind: "cloudcode", label: "me", refresh_token: "1//refresh-token", max_concurrent: 2, enabled: true },
      { kind: "openai", base_url: "http://127.0.0.1:11434/v1", models: ["llama3.1:8b"], enabled: true },
    ]);
    expect(config.strategy).toBe("sticky");
    expect(config.oauth_token_url).toBe("https://oauth2.googleapis.com/token");
    expect(config.cloudcode_base_urls).toEqual(["https://cloudcode-pa.googleapis.com"]);
  });

  it("the pool settings come from the environment like every key", () => {
    const config = load({}, { AGATE_STRATEGY: "round_robin", AGATE_MAX_CONCURRENT_PER_ACCOUNT: "4" });
    expect(config.strategy).toBe("round_robin");
    expect(config.max_concurrent_per_account).toBe(4);
  });

  it("a cloudcode account without oauth_client_id is refused, naming the key", () => {
    const error = loadError({ accounts: [{ kind: "cloudcode", refresh_token: "1//x" }] });
    expect(error.key).toBe("oauth_client_id");
    expect(error.message).toContain("oauth_client_id: missing; cloudcode accounts need the OAuth client id");
  });

  it("an unknown kind names the kinds allowed", () => {
    const error = loadError({ accounts: [{ kind: "anthropic", api_key: "k" }] });
    expect(error.key).toBe("accounts[0].kind");
    expect(error.message).toContain('expected one of "gemini", "cloudcode", "openai"');
  });

  it("a bad key inside a cloudcode account lists that kind's keys", () => {
    const error = loadError({
      ...oauth,
      accounts: [{ kind: "cloudcode", refresh_token: "r", api_key: "k" }],
    });
    expect(error.key).toBe("accounts[0].api_key");
    expect(error.message).toContain("allowed keys: kind, label, refresh_token, project_id, base_urls");
  });

  it("an openai account needs its base_url", () => {
    const error = loadError({ accounts: [{ kind: "openai" }] });
    expect(error.key).toBe("accounts[0].base_url");
    expect(error.message).toContain("expected an http or https URL");
  });

  it("config print masks refresh tokens, the OAuth client secret and proxy URLs", () => {
    const config = load({
      ...oauth,
      accounts: [
        {
          kind: "cloudcode",
          refresh_token: "1//0gRefreshTokenThatIsLong",
          proxy_url: "http://user:pass@proxy:3128",
        },
      ],
    });
    const printed = JSON.stringify(maskSecrets(config));
    for (const secret of ["1//0gRefreshTokenThatIsLong", "GOCSPX-0123456789abcdefgh", "user:pass"]) {
      expect(printed).not.toContain(secret);
    }
    expect(printed).toContain("client.apps.googleusercontent.com");
  });
});
