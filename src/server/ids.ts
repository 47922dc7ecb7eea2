import { randomFillSync } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const CODES = Buffer.from(ALPHABET, "latin1");
/** Random bytes are drawn in blocks: one system call per block, not one per id (see bench/README.md). */
const pool = Buffer.alloc(4096);
let offset = pool.length;

/**
 * A random base62 string (at most 4,096 characters); ids are injected into translators so tests can fix
 * them. The characters are written into the random block itself and read out as one string: adding them
 * one at a time made a string per character.
 */
export function randomId(length = 24): string {
  if (offset + length > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const start = offset;
  offset += length;
  for (let index = start; index < offset; index++) pool[index] = CODES[(pool[index] ?? 0) % 62] ?? 48;
  return pool.toString("latin1", start, offset);
}

export interface IdGenerator {
  requestId(): string;
  completionId(): string;
  textCompletionId(): string;
  toolCallId(): string;
}

/**
 * 8 base62 digits of the epoch milliseconds: the alphabet is in ASCII order, so these sort like the times
 * they encode (until the year 8888).
 */
function timePrefix(now: number): string {
  let digits = "";
  for (let rest = Math.floor(now), index = 0; index < 8; index++, rest = Math.floor(rest / 62))
    digits = ALPHABET[rest % 62] + digits;
  return digits;
}

let lastPrefixAt = -1;
let lastPrefix = "";

/**
 * An id that sorts by time: 8 characters of time, then `random` random ones (12 by default). The store
 * indexes request, response and item ids; random ones landed all over those indexes, and each insert cost
 * up to twice as much (bench/README.md).
 */
export function timeOrderedId(now = Date.now(), random = 12): string {
  if (now !== lastPrefixAt) {
    lastPrefixAt = now;
    lastPrefix = timePrefix(now);
  }
  return lastPrefix + randomId(random);
}

/**
 * A stored Responses id (`resp_`, `msg_`, `fc_`, `cmp_`, ...): the prefix and 32 base62 characters, ordered by
 * time so that the store's indexes take them at their end.
 */
export const storedId = (prefix: string): string => `${prefix}_${timeOrderedId(Date.now(), 24)}`;

export const randomIds: IdGenerator = {
  requestId: () => `req_${timeOrderedId()}`,
  completionId: () => `chatcmpl-${randomId(29)}`,
  textCompletionId: () => `cmpl-${randomId(29)}`,
  toolCallId: () => `call_${randomId(24)}`,
};
