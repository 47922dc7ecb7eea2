import { randomBytes } from "node:crypto";
import { isGemini3 } from "./models.js";
import type { GenerateContentRequest } from "./types.js";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** Gemini 3 gives every function call an id (earlier families on the Developer API give none). */
export function givesCallIds(modelId: string): boolean {
  return isGemini3(modelId);
}

/** A new function call id: 8 lowercase letters and digits. */
export function newFunctionCallId(): string {
  let id = "";
  for (const byte of randomBytes(8)) id += ALPHABET[byte % ALPHABET.length];
  return id;
}

/**
 * Where a request's contents hold a functionResponse whose id answers no functionCall before it: Gemini
 * matches a response to its call by id where one is given, so a client's made-up id, or one moved onto
 * another response, is a bad request. Responses without an id are matched by position, as before.
 */
export function unpairedResponseMessage(request: GenerateContentRequest): string | undefined {
  const callIds = new Set<string>();
  for (const [contentIndex, content] of request.contents.entries()) {
    for (const [partIndex, part] of (content.parts ?? []).entries()) {
      const callId = part.functionCall?.id;
      if (typeof callId === "string" && callId !== "") callIds.add(callId);
      const responseId = part.functionResponse?.id;
      if (responseId === undefined || callIds.has(responseId)) continue;
      return (
        `* GenerateContentRequest.contents[${contentIndex}].parts[${partIndex}].function_response.id: ` +
        `no function call with id '${String(responseId)}' precedes this function response.\n`
      );
    }
  }
  return undefined;
}
