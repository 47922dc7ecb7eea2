/**
 * Built-in aliases: the OpenAI model names that tools send by default, mapped to Gemini models.
 * Applied after the user's model_mapping; the whole table is overridable with `model_aliases`.
 */
export const DEFAULT_MODEL_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  "gpt-4o": "gemini-2.5-flash",
  "gpt-4o-mini": "gemini-2.5-flash-lite",
  "gpt-4": "gemini-2.5-flash",
  "gpt-4-turbo": "gemini-2.5-flash",
  "gpt-4.1": "gemini-2.5-pro",
  "gpt-4.1-mini": "gemini-2.5-flash",
  "gpt-4.1-nano": "gemini-2.5-flash-lite",
  "gpt-3.5-turbo": "gemini-2.5-flash-lite",
  "gpt-5": "gemini-2.5-pro",
  "gpt-5-mini": "gemini-2.5-flash",
  "gpt-5-nano": "gemini-2.5-flash-lite",
  o1: "gemini-2.5-pro",
  o3: "gemini-2.5-pro",
  "o3-mini": "gemini-2.5-flash",
  "o4-mini": "gemini-2.5-flash",
  // Dated snapshots and other suffixes of each family (gpt-4.1-2025-04-14) go where its name goes; the
  // most literal wildcard wins, so gpt-4o-mini-2024-07-18 takes gpt-4o-mini-* and not gpt-4o-*.
  "gpt-4o-*": "gemini-2.5-flash",
  "gpt-4o-mini-*": "gemini-2.5-flash-lite",
  "gpt-4-*": "gemini-2.5-flash",
  "gpt-4.1-*": "gemini-2.5-pro",
  "gpt-4.1-mini-*": "gemini-2.5-flash",
  "gpt-4.1-nano-*": "gemini-2.5-flash-lite",
  "gpt-3.5-turbo-*": "gemini-2.5-flash-lite",
  "gpt-5-*": "gemini-2.5-pro",
  "gpt-5-mini-*": "gemini-2.5-flash",
  "gpt-5-nano-*": "gemini-2.5-flash-lite",
  "o1-*": "gemini-2.5-pro",
  "o3-*": "gemini-2.5-pro",
  "o3-mini-*": "gemini-2.5-flash",
  "o4-mini-*": "gemini-2.5-flash",
});
