import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { catchConfigError, tempHome, writeFile } from "./support.js";

const fileAccount = { kind: "gemini", label: "from-file", api_key: "file-key" };

describe("GEMINI_API_KEY", () => {
  it("adds one gemini account", () => {
    const config = loadConfig({ env: { GEMINI_API_KEY: "env-key" }, homeDir: tempHome() });
    expect(config.accounts).toEqual([
      { kind: "gemini", label: "env:GEMINI_API_KEY", api_key: "env-key", enabled: true },
    ]);
  });

  it("adds GEMINI_BASE_URL to that account", () => {
    const env = { GEMINI_API_KEY: "env-key", GEMINI_BASE_URL: "http://127.0.0.1:9999" };
    const config = loadConfig({ env, homeDir: tempHome() });
    expect(config.accounts[0]).toMatchObject({ base_url: "http://127.0.0.1:9999" });
  });

  it("comes after the file's accounts", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", { accounts: [fileAccount] });
    const config = loadConfig({ configFile: file, env: { GEMINI_API_KEY: "env-key" }, homeDir: home });
    expect(config.accounts.map((account) => account.label)).toEqual(["from-file", "env:GEMINI_API_KEY"]);
  });

  it("is not added twice when the file already has that key", () => {
    const home = tempHome();
    const file = writeFile(home, "c.json", { accounts: [fileAccount] });
    const config = loadConfig({ configFile: file, env: { GEMINI_API_KEY: "file-key" }, homeDir: home });
    expect(config.accounts).toHaveLength(1);
    expect(config.accounts[0]?.label).toBe("from-file");
  });

  it("GEMINI_BASE_URL alone adds nothing", () => {
    expect(
      loadConfig({ env: { GEMINI_BASE_URL: "http://x.example" }, homeDir: tempHome() }).accounts,
    ).toEqual([]);
  });

  it("a bad GEMINI_BASE_URL is named as the source", () => {
    const env = { GEMINI_API_KEY: "env-key", GEMINI_BASE_URL: "ftp://x.example" };
    const error = catchConfigError(() => loadConfig({ env, homeDir: tempHome() }));
    expect(error.key).toBe("accounts[0].base_url");
    expect(error.message).toContain("(from GEMINI_BASE_URL)");
    expect(error.message).toContain("http or https URL");
  });
});
