import { describe, expect, it } from "vitest";
import type { AccountConfig } from "../config/schema.js";
import { SqliteAccountsRepository } from "../store/accounts-repository.js";
import { openMemoryDatabase } from "../store/database.js";
import { accountFromConfig, syncDeclaredAccounts } from "./accounts-from-config.js";

const gemini: AccountConfig = { kind: "gemini", api_key: "AIza-one", enabled: true };
const cloudcode: AccountConfig = {
  kind: "cloudcode",
  label: "me@example.com",
  refresh_token: "1//refresh",
  project_id: "proj",
  base_urls: ["https://daily-cloudcode-pa.googleapis.com", "https://cloudcode-pa.googleapis.com"],
  proxy_url: "http://proxy:3128",
  max_concurrent: 3,
  enabled: true,
};
const openai: AccountConfig = {
  kind: "openai",
  base_url: "http://127.0.0.1:8080/v1",
  models: ["m"],
  enabled: true,
};

describe("accountFromConfig", () => {
  it("gives each kind a stable id from its secret, whatever the label", () => {
    expect(accountFromConfig(gemini).id).toBe(accountFromConfig({ ...gemini, label: "renamed" }).id);
    expect(accountFromConfig(gemini).id).toMatch(/^gemini-[0-9a-f]{10}$/);
    expect(accountFromConfig(cloudcode).id).toMatch(/^cloudcode-[0-9a-f]{10}$/);
    expect(accountFromConfig(openai).id).not.toBe(accountFromConfig({ ...openai, api_key: "other" }).id);
  });

  it("keeps the kind's settings and its secret in credentials", () => {
    expect(accountFromConfig(cloudcode)).toMatchObject({
      kind: "cloudcode",
      label: "me@example.com",
      credentials: { apiKey: "", refreshToken: "1//refresh" },
      projectId: "proj",
      baseUrls: cloudcode.kind === "cloudcode" ? cloudcode.base_urls : [],
      proxyUrl: "http://proxy:3128",
      maxConcurrent: 3,
    });
    expect(accountFromConfig(openai)).toMatchObject({ baseUrl: "http://127.0.0.1:8080/v1", models: ["m"] });
  });
});

describe("syncDeclaredAccounts", () => {
  it("round-trips every kind through the store", () => {
    const repository = new SqliteAccountsRepository(openMemoryDatabase());
    const stored = syncDeclaredAccounts(repository, [gemini, cloudcode, openai]);
    expect(stored).toEqual([
      accountFromConfig(gemini),
      accountFromConfig(cloudcode),
      accountFromConfig(openai),
    ]);
  });

  it("a reason agate stored for turning an account off survives the next start", () => {
    const repository = new SqliteAccountsRepository(openMemoryDatabase());
    const [first] = syncDeclaredAccounts(repository, [cloudcode]);
    repository.setDisabledReason(first?.id ?? "", "OAuth invalid_grant: Token has been expired or revoked.");
    const [again] = syncDeclaredAccounts(repository, [cloudcode]);
    expect(again?.disabledReason).toBe("OAuth invalid_grant: Token has been expired or revoked.");
  });
});
