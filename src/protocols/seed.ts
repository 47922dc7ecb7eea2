import { z } from "zod";

/** Two to the 63rd: OpenAI's `seed` is a signed 64-bit integer. */
const INT64_LIMIT = 2 ** 63;

/**
 * OpenAI's `seed`: any signed 64-bit integer. zod's `.int()` stops at 2^53, but JSON numbers beyond it (a
 * random 64-bit seed, written exactly by a Python client) arrive rounded to a whole double, and are taken as
 * such; the upstream spoke brings the seed into its own range (Gemini: upstream/gemini/encode-settings.ts).
 */
export const seedSchema = z
  .number({ error: "expected an integer" })
  .min(-INT64_LIMIT, "expected a 64-bit integer")
  .max(INT64_LIMIT, "expected a 64-bit integer")
  .refine(Number.isInteger, "expected an integer");
