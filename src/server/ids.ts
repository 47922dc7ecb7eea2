import { randomFillSync } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** Random bytes are drawn in blocks: one system call per block, not one per id (see bench/README.md). */
const pool = Buffer.alloc(4096);
let offset = pool.length;

/** A random base62 string; ids are injected into translators so tests can fix them. */
export function randomId(length = 24): string {
  if (offset + length > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  let id = "";
  for (let index = 0; index < length; index++) id += ALPHABET[(pool[offset + index] ?? 0) % 62];
  offset += length;
  return id;
}

export interface IdGenerator {
  requestId(): string;
  completionId(): string;
  textCompletionId(): string;
  toolCallId(): string;
}

export const randomIds: IdGenerator = {
  requestId: () => `req_${randomId(20)}`,
  completionId: () => `chatcmpl-${randomId(29)}`,
  textCompletionId: () => `cmpl-${randomId(29)}`,
  toolCallId: () => `call_${randomId(24)}`,
};
