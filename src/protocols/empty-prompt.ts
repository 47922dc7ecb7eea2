import type { Turn } from "../hub/types.js";

/**
 * What an empty prompt becomes (a user message of "", a legacy `prompt: ""`): one user turn of empty text.
 * OpenAI answers such a request, so agate does too; each upstream spoke sends it as that upstream takes it
 * (the Gemini spoke sends one space, Gemini refusing empty text).
 */
export const emptyPromptTurn = (): Turn => ({ role: "user", parts: [{ type: "text", text: "" }] });
