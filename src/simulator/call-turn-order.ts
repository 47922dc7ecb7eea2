import type { GenerateContentRequest } from "./types.js";

/**
 * Gemini's rule for where the model may call functions in a history: a model turn holding a functionCall must
 * come right after a user turn (the user's words or the function responses), so a history that opens with
 * the model's call (a client that dropped the oldest messages to fit its context) is a bad request.
 */
export function misplacedCallMessage(request: GenerateContentRequest): string | undefined {
  for (const [index, content] of request.contents.entries()) {
    if (content.role !== "model") continue;
    if (!(content.parts ?? []).some((part) => part.functionCall !== undefined)) continue;
    if (request.contents[index - 1]?.role === "user") continue;
    return "Please ensure that function call turn comes immediately after a user turn or after a function response turn.";
  }
  return undefined;
}
