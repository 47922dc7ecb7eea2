import { randomBytes } from "node:crypto";
import type { GenerateContentRequest } from "./types.js";

/** The documented value Gemini 3 accepts when a real thought signature cannot be recovered. */
export const skipSignatureSentinel = "skip_thought_signature_validator";

const maxRemembered = 100_000;

/** Thought signatures this simulator issued; Gemini 3 requests must send them back. */
export class SignatureBook {
  private readonly issued = new Set<string>();

  issue(): string {
    const signature = randomBytes(48).toString("base64");
    this.remember(signature);
    return signature;
  }

  remember(signature: string): void {
    this.issued.add(signature);
    if (this.issued.size > maxRemembered) {
      const oldest = this.issued.values().next().value;
      if (oldest !== undefined) this.issued.delete(oldest);
    }
  }

  accepts(signature: string | undefined): boolean {
    return signature === skipSignatureSentinel || (signature !== undefined && this.issued.has(signature));
  }

  clear(): void {
    this.issued.clear();
  }
}

export interface UnsignedCall {
  name: string;
  position: number;
}

/**
 * Gemini 3 rule: in each model turn of the history the first functionCall part (parallel calls carry the
 * signature on the first one only) must hold a signature we issued, or the sentinel.
 */
export function findUnsignedCall(
  request: GenerateContentRequest,
  book: SignatureBook,
): UnsignedCall | undefined {
  for (const [index, content] of request.contents.entries()) {
    if (content.role !== "model" || !Array.isArray(content.parts)) continue;
    const call = content.parts.find((part) => part.functionCall !== undefined);
    if (call?.functionCall !== undefined && !book.accepts(call.thoughtSignature)) {
      return { name: call.functionCall.name, position: index + 1 };
    }
  }
  return undefined;
}

export function missingSignatureMessage(call: UnsignedCall): string {
  return (
    "Function call is missing a thought_signature in functionCall parts. This is required for tools to work " +
    "correctly, and missing thought_signature may lead to degraded model performance. Additional data, function " +
    `call \`default_api:${call.name}\` , position ${call.position}. Please refer to ` +
    "https://ai.google.dev/gemini-api/docs/thought-signatures for more details."
  );
}

/**
 * The same rule for code the model ran: Gemini 3 signs each executableCode part it writes, so each one in
 * the history's model turns must hold a signature we issued, or the sentinel. Gives its position. An
 * assumption, stricter than upstreams.md (which names the rule for functionCall parts only): the simulator
 * refuses what real Gemini may only degrade on, so a test catches agate losing a code run's signature.
 */
export function findUnsignedCode(request: GenerateContentRequest, book: SignatureBook): number | undefined {
  for (const [index, content] of request.contents.entries()) {
    if (content.role !== "model" || !Array.isArray(content.parts)) continue;
    const unsigned = content.parts.some(
      (part) => part.executableCode !== undefined && !book.accepts(part.thoughtSignature),
    );
    if (unsigned) return index + 1;
  }
  return undefined;
}

export function missingCodeSignatureMessage(position: number): string {
  return (
    "Code execution is missing a thought_signature in executableCode parts. Send back every part the model " +
    `signed with its signature. Additional data, position ${position}. Please refer to ` +
    "https://ai.google.dev/gemini-api/docs/thought-signatures for more details."
  );
}
