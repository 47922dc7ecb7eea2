import { z } from "zod";
import { invalidRequest } from "../errors.js";

/**
 * The most stop sequences a request may give. Gemini takes 5 and refuses a request with more (a 400 naming
 * nothing, after an upstream call); OpenAI documents 4. 5 refuses nothing that Gemini would answer.
 */
export const MAX_STOP_SEQUENCES = 5;

/** `stop` as Chat and legacy Completions take it: one string or a list (its length is checked on decode). */
export const stopSchema = z.union([z.string(), z.array(z.string())], {
  error: "expected a string or an array of strings",
});

/** `stop` → the list of stop sequences, or a 400 naming `stop` when there are more than Gemini takes. */
export function stopSequences(stop: string | string[]): string[] {
  if (typeof stop === "string") return [stop];
  if (stop.length > MAX_STOP_SEQUENCES) {
    throw invalidRequest(
      `'stop' may hold at most ${MAX_STOP_SEQUENCES} stop sequences; this one has ${stop.length}. Send the ${MAX_STOP_SEQUENCES} that matter most.`,
      "stop",
    );
  }
  return stop;
}
