import type { ReasoningItem } from "./output-types.js";

/**
 * The thought signature Gemini 3 gives an answer without a function call (on its last part), or code it ran,
 * rides in a reasoning item's `encrypted_content`, in one of two forms agate alone writes and reads —
 * another provider's encrypted content (a conversation begun at OpenAI) is never taken for a Gemini
 * signature:
 *
 * - `agate-signature:<signature>`: the signature itself (a whole, JSON answer; code, signed as it comes);
 * - `agate-signature-of:<message id>`: the message whose signature agate's store keeps under its id (a
 *   streamed answer, whose reasoning item is done before its text begins, the signature coming after it).
 */
const SIGNED = "agate-signature:";
const REFERENCE = "agate-signature-of:";

export const signedContent = (signature: string): string => `${SIGNED}${signature}`;

export const signatureReference = (messageId: string): string => `${REFERENCE}${messageId}`;

/** What an encrypted_content gives an answer's text: its signature, the store's key for it, or nothing. */
export function textSignatureOf(
  encryptedContent: string | null | undefined,
): { signature: string } | { key: string } | undefined {
  if (typeof encryptedContent !== "string") return undefined;
  if (encryptedContent.startsWith(SIGNED) && encryptedContent.length > SIGNED.length)
    return { signature: encryptedContent.slice(SIGNED.length) };
  if (encryptedContent.startsWith(REFERENCE) && encryptedContent.length > REFERENCE.length)
    return { key: encryptedContent.slice(REFERENCE.length) };
  return undefined;
}

/** A message id of agate's making (item-ids.ts): its signature may be in the store under it. */
export const isMessageId = (id: unknown): id is string => typeof id === "string" && id.startsWith("msg_");

/** A code_interpreter_call id of agate's making: the signature of its code may be in the store under it. */
export const isCodeCallId = (id: unknown): id is string => typeof id === "string" && id.startsWith("ci_");

/**
 * One answer's reasoning items that name a message (by the message's id), and the messages' signatures as
 * they come: a whole answer's items then carry the signatures themselves (`inline`).
 */
export class NamedMessages {
  private readonly named = new Map<string, { reasoning: ReasoningItem; signature?: string }>();

  /** The reasoning item names the message whose signature comes after its text. */
  name(reasoning: ReasoningItem, messageId: string): void {
    reasoning.encrypted_content = signatureReference(messageId);
    this.named.set(messageId, { reasoning });
  }

  signed(messageId: string, signature: string): void {
    const entry = this.named.get(messageId);
    if (entry !== undefined) entry.signature = signature;
  }

  inline(): void {
    for (const { reasoning, signature } of this.named.values())
      if (signature !== undefined) reasoning.encrypted_content = signedContent(signature);
  }
}
