import type { FinishReason } from "../../hub/types.js";

const CONTENT_FILTER = new Set([
  "SAFETY",
  "RECITATION",
  "BLOCKLIST",
  "PROHIBITED_CONTENT",
  "SPII",
  "IMAGE_SAFETY",
]);

/** Gemini finishReason → the hub's. Gemini says STOP after a function call too; the caller knows that. */
export function mapGeminiFinishReason(raw: string, calledFunction: boolean): FinishReason {
  if (calledFunction) return "tool-calls";
  if (raw === "STOP") return "stop";
  if (raw === "MAX_TOKENS") return "length";
  if (CONTENT_FILTER.has(raw)) return "content-filter";
  return "other";
}
