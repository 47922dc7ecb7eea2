import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from "node:crypto";
import { ConfigError } from "../config/config-error.js";
import type { SqliteDatabase } from "./database.js";

/**
 * How the store keeps secrets (API keys, refresh and access tokens): as they are, or — with `secret_key`
 * (AGATE_SECRET_KEY) — sealed with AES-256-GCM under a key stretched from it with scrypt and a random salt
 * kept in the store. Sealed values read `enc:v1:<base64url(iv | tag | ciphertext)>`.
 */
export interface SecretCodec {
  readonly encrypts: boolean;
  seal(plain: string): string;
  open(stored: string): string;
}

const PREFIX = "enc:v1:";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const ASSOCIATED_DATA = Buffer.from("agate store secret v1");
const CHECK_TEXT = "agate secret check";
const SALT_KEY = "secret_salt";
const CHECK_KEY = "secret_check";

export const isSealed = (stored: string): boolean => stored.startsWith(PREFIX);

/** Leaves secrets as they are (the store file is still owner-only, 0600). */
export const PLAIN_CODEC: SecretCodec = {
  encrypts: false,
  seal: (plain) => plain,
  open: (stored) => {
    if (isSealed(stored)) throw encryptedWithoutKey();
    return stored;
  },
};

/** AES-256-GCM under a 32-byte key. */
export function aesCodec(key: Buffer): SecretCodec {
  return {
    encrypts: true,
    seal: (plain) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      cipher.setAAD(ASSOCIATED_DATA);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
    },
    open: (stored) => {
      if (!isSealed(stored)) return stored;
      const bytes = Buffer.from(stored.slice(PREFIX.length), "base64url");
      const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(ASSOCIATED_DATA);
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([
          decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]).toString("utf8");
      } catch (error) {
        throw wrongKey(error);
      }
    },
  };
}

/**
 * The codec for this store and `secretKey`. The first use of a key records a salt and a check value in the
 * store; later, a different key (or none, once secrets are sealed) is a ConfigError naming secret_key rather
 * than a puzzling failure at the first request.
 */
export function openSecretCodec(db: SqliteDatabase, secretKey: string | undefined): SecretCodec {
  const meta = db.prepare<[string], { value: string }>("SELECT value FROM store_meta WHERE key = ?");
  const check = meta.get(CHECK_KEY)?.value;
  if (secretKey === undefined) {
    if (check !== undefined) throw encryptedWithoutKey();
    return PLAIN_CODEC;
  }
  // Freed space is zeroed, so a secret sealed after it was stored in the clear leaves no copy behind.
  db.pragma("secure_delete = ON");
  const write = db.prepare<[string, string]>(
    "INSERT INTO store_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
  );
  let salt = meta.get(SALT_KEY)?.value;
  if (salt === undefined) {
    salt = randomBytes(16).toString("base64");
    write.run(SALT_KEY, salt);
  }
  const codec = aesCodec(scryptSync(secretKey, Buffer.from(salt, "base64"), KEY_BYTES));
  if (check === undefined) write.run(CHECK_KEY, codec.seal(CHECK_TEXT));
  else if (codec.open(check) !== CHECK_TEXT) throw wrongKey(undefined);
  return codec;
}

function encryptedWithoutKey(): ConfigError {
  return new ConfigError(
    "secret_key: the secrets in agate's store are encrypted; set AGATE_SECRET_KEY to the key they were encrypted with.",
    "secret_key",
  );
}

function wrongKey(cause: unknown): ConfigError {
  return new ConfigError(
    "secret_key: AGATE_SECRET_KEY does not open the secrets in agate's store; they were encrypted with another key.",
    "secret_key",
    cause === undefined ? undefined : { cause },
  );
}
