import { z } from "zod";

/**
 * The most choices (`n`) one request may ask for. OpenAI takes up to 128; Gemini gives at most 8 candidates
 * in one call, and on Gemini 3 each choice is an upstream call of its own on one account
 * (upstream/gemini/one-call-per-choice.ts), so more would be a burst of calls that its per-minute limits soon
 * refuse. A client that wants more sends the request again.
 */
export const MAX_CHOICES = 8;

/** OpenAI's `n` (chat and legacy completions): 1 to MAX_CHOICES. */
export const choiceCountSchema = z
  .number({ error: "expected an integer" })
  .int("expected an integer")
  .min(1, "expected at least 1 choice")
  .max(
    MAX_CHOICES,
    `at most ${MAX_CHOICES} choices per request are served (each is an upstream call on Gemini 3); send the request again for more`,
  );
