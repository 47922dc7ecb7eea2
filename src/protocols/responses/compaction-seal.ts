import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * The `encrypted_content` of a compaction item: the summary sealed with AES-256-GCM under agate's compaction key,
 * so a client can carry it but neither read nor alter it. Layout (base64url): version byte, 12-byte IV,
 * 16-byte tag, ciphertext of `{"v":1,"summary":...}`. Bound to its purpose by the associated data.
 */

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;
const ASSOCIATED_DATA = Buffer.from("agate compaction summary v1");
export const COMPACTION_KEY_BYTES = 32;

/** Seals `summary` under `key` (32 bytes). `iv` is injectable for tests; by default 12 random bytes. */
export function sealSummary(summary: string, key: Buffer, iv: Buffer = randomBytes(IV_BYTES)): string {
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(ASSOCIATED_DATA);
  const plaintext = Buffer.from(JSON.stringify({ v: VERSION, summary }), "utf8");
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), ciphertext]).toString("base64url");
}

/** The summary inside a sealed blob, or undefined when the blob is malformed, altered or sealed under another key. */
export function unsealSummary(sealed: string, key: Buffer): string | undefined {
  const bytes = Buffer.from(sealed, "base64url");
  if (bytes.length <= HEADER_BYTES || bytes[0] !== VERSION) return undefined;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(1, 1 + IV_BYTES));
    decipher.setAAD(ASSOCIATED_DATA);
    decipher.setAuthTag(bytes.subarray(1 + IV_BYTES, HEADER_BYTES));
    const plaintext = Buffer.concat([decipher.update(bytes.subarray(HEADER_BYTES)), decipher.final()]);
    const parsed: unknown = JSON.parse(plaintext.toString("utf8"));
    if (typeof parsed !== "object" || parsed === null || !("summary" in parsed)) return undefined;
    return typeof parsed.summary === "string" ? parsed.summary : undefined;
  } catch {
    return undefined;
  }
}
