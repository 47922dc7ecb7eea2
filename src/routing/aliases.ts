/**
 * The Gemini model for each tier of OpenAI model: explicit ids, so one agate release always asks for the
 * same models (Google's rolling gemini-pro-latest / gemini-flash-latest / gemini-flash-lite-latest move
 * under it; a user may map to them with model_mapping). As of December 2026 (Google's deprecations page):
 * Gemini 2.0 was shut down on 2026-06-01 and 2.5 Pro and 2.5 Flash in 2026, so the tiers are Gemini 3.5
 * Flash (stable since 2026-05-19, no shutdown date announced, Google's replacement for 2.x Flash and
 * gemini-3-flash-preview), 3.1 Flash-Lite (stable since 2026-05-07, earliest shutdown 2027-05-07) and
 * 3.1 Pro, still a preview and no stable Pro yet (Google's replacement for 2.5 Pro).
 */
const PRO = "gemini-3.1-pro-preview";
const FLASH = "gemini-3.5-flash";
const FLASH_LITE = "gemini-3.1-flash-lite";

/**
 * Built-in aliases: the OpenAI model names that tools send by default, mapped to Gemini models by tier (the
 * small models to Flash and Flash-Lite, the large and reasoning ones to Pro). Applied after the user's
 * model_mapping; the whole table is overridable with `model_aliases`. The exact names are what GET /v1/models
 * lists; a wildcard (contract §4: `*` is any run, the most literal pattern wins) catches a family's dated
 * snapshots (gpt-4.1-2025-04-14) and point releases (gpt-5.1) without being listed, so gpt-4o-mini-2024-07-18
 * takes gpt-4o-mini-* and not gpt-4o-*, and gpt-5.1-codex-mini takes gpt-5*-mini* and not gpt-5.*.
 */
export const DEFAULT_MODEL_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  // GPT-3.5 and GPT-4
  "gpt-3.5-turbo": FLASH_LITE,
  "gpt-3.5-turbo-*": FLASH_LITE,
  "gpt-4": FLASH,
  "gpt-4-turbo": FLASH,
  "gpt-4-*": FLASH,
  // GPT-4o (chatgpt-4o-latest is the GPT-4o of ChatGPT)
  "gpt-4o": FLASH,
  "gpt-4o-*": FLASH,
  "chatgpt-4o-latest": FLASH,
  "gpt-4o-mini": FLASH_LITE,
  "gpt-4o-mini-*": FLASH_LITE,
  // GPT-4.1 and GPT-4.5 (only ever a preview: gpt-4.5-preview)
  "gpt-4.1": PRO,
  "gpt-4.1-*": PRO,
  "gpt-4.1-mini": FLASH,
  "gpt-4.1-mini-*": FLASH,
  "gpt-4.1-nano": FLASH_LITE,
  "gpt-4.1-nano-*": FLASH_LITE,
  "gpt-4.5*": PRO,
  // GPT-5 and its point releases (gpt-5.1, gpt-5.2-codex); the minis and nanos of each
  // (gpt-5.1-codex-mini) and GPT-5.6 Luna, the smallest and cheapest of GPT-5.6, go a tier down.
  "gpt-5": PRO,
  "gpt-5-*": PRO,
  "gpt-5.*": PRO,
  "gpt-5-mini": FLASH,
  "gpt-5*-mini*": FLASH,
  "gpt-5.*-luna*": FLASH,
  "gpt-5-nano": FLASH_LITE,
  "gpt-5*-nano*": FLASH_LITE,
  // o-series reasoning models (o1-pro and o3-pro with their family)
  o1: PRO,
  "o1-*": PRO,
  "o1-mini": FLASH,
  "o1-mini-*": FLASH,
  o3: PRO,
  "o3-*": PRO,
  "o3-mini": FLASH,
  "o3-mini-*": FLASH,
  "o4-mini": FLASH,
  "o4-mini-*": FLASH,
});
