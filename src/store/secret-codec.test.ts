import { describe, expect, it } from "vitest";
import { ConfigError } from "../config/config-error.js";
import type { Account } from "../pool/account.js";
import { SqliteAccountsRepository } from "./accounts-repository.js";
import { openMemoryDatabase } from "./database.js";
import { SqliteOAuthStateRepository } from "./oauth-state-repository.js";
import { aesCodec, openSecretCodec, PLAIN_CODEC } from "./secret-codec.js";

const account: Account = {
  id: "gemini-1",
  kind: "gemini",
  label: "one",
  enabled: true,
  credentials: { apiKey: "AIza-the-secret-key-value" },
  source: "store",
  proxyUrl: "http://user:pass@proxy:3128",
};

const rawCredentials = (db: ReturnType<typeof openMemoryDatabase>) =>
  db
    .prepare<[], { credentials: string; settings: string }>("SELECT credentials, settings FROM accounts")
    .get();

describe("secrets at rest", () => {
  it("seals with AES-256-GCM: random IV, tamper-evident, opened only by the same key", () => {
    const codec = aesCodec(Buffer.alloc(32, 7));
    const sealed = codec.seal("secret");
    expect(sealed).toMatch(/^enc:v1:/);
    expect(codec.seal("secret")).not.toBe(sealed);
    expect(codec.open(sealed)).toBe("secret");
    expect(() => aesCodec(Buffer.alloc(32, 8)).open(sealed)).toThrow(ConfigError);
    // One character inside the ciphertext changed (the last ones may be base64 padding bits, which decode alike).
    const at = sealed.length - 8;
    const tampered = `${sealed.slice(0, at)}${sealed[at] === "A" ? "B" : "A"}${sealed.slice(at + 1)}`;
    expect(() => codec.open(tampered)).toThrow(/another key/);
    expect(() => PLAIN_CODEC.open(sealed)).toThrow(/AGATE_SECRET_KEY/);
  });

  it("with a secret_key the store holds no secret in the clear, proxy password included", () => {
    const db = openMemoryDatabase();
    const repository = new SqliteAccountsRepository(
      db,
      Date.now,
      openSecretCodec(db, "a passphrase of length"),
    );
    repository.upsert(account);
    const row = rawCredentials(db);
    expect(JSON.stringify(row)).not.toContain("the-secret-key");
    expect(JSON.stringify(row)).not.toContain("pass@");
    expect(repository.find("gemini-1")).toEqual(account);
  });

  it("a store sealed under one key refuses another key and no key, naming secret_key", () => {
    const db = openMemoryDatabase();
    openSecretCodec(db, "the first passphrase");
    for (const key of ["another passphrase!", undefined]) {
      const attempt = () => openSecretCodec(db, key);
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(/secret_key/);
    }
    expect(() => openSecretCodec(db, "the first passphrase")).not.toThrow();
  });

  it("setting a key later seals what was stored in the clear (accounts and access tokens)", () => {
    const db = openMemoryDatabase();
    new SqliteAccountsRepository(db).upsert(account);
    new SqliteOAuthStateRepository(db).saveToken("gemini-1", "ya29.access-token-value", 1);
    expect(rawCredentials(db)?.credentials).toContain("the-secret-key");
    const codec = openSecretCodec(db, "a passphrase set later");
    const repository = new SqliteAccountsRepository(db, Date.now, codec);
    const tokens = new SqliteOAuthStateRepository(db, Date.now, codec);
    expect(rawCredentials(db)?.credentials).toMatch(/^enc:v1:/);
    const rawToken = db.prepare<[], { access_token: string }>("SELECT access_token FROM oauth_state").get();
    expect(rawToken?.access_token).toMatch(/^enc:v1:/);
    expect(repository.find("gemini-1")?.credentials.apiKey).toBe("AIza-the-secret-key-value");
    expect(tokens.get("gemini-1")?.accessToken).toBe("ya29.access-token-value");
  });
});
