import { z } from "zod";

/** `stop` as Chat and legacy Completions take it: one string or a list (an upstream's limit is its own). */
export const stopSchema = z.union([z.string(), z.array(z.string())], {
  error: "expected a string or an array of strings",
});

/** `stop` → the list of stop sequences. */
export const stopSequences = (stop: string | string[]): string[] =>
  typeof stop === "string" ? [stop] : stop;
