import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** A random base62 string; ids are injected into translators so tests can fix them. */
export function randomId(length = 24): string {
  const bytes = randomBytes(length);
  let id = "";
  for (const byte of bytes) id += ALPHABET[byte % 62];
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
