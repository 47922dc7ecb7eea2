/**
 * The Gemini families whose settings differ, by the upstream model's name (with or without `models/`). A
 * name that matches none (a tuned model, one agate does not know yet) is sent what the client asked for.
 */

const GEMINI_3 = /(^|\/)gemini-3/;
const GEMINI_2_5 = /(^|\/)gemini-2\.5/;

/**
 * Google's rolling names, which follow its newest release of a tier. In 2026 Google pointed
 * gemini-pro-latest at Gemini 3.1 Pro (in March) and gemini-flash-latest at Gemini 3.5 Flash (at its release
 * in June); where gemini-flash-lite-latest points we found no word of, so it is taken, like the others, for
 * the newest family agate knows: Gemini 3. Should Google move them past it, Gemini 3's settings (thinking
 * levels, signatures) stay the nearest guess. Versioned names (gemini-2.5-flash-latest) keep their family.
 */
const ROLLING_LATEST = /(^|\/)gemini-(pro|flash|flash-lite)-latest$/;

export const isGemini3 = (model: string): boolean => GEMINI_3.test(model) || ROLLING_LATEST.test(model);

export const isGemini2_5 = (model: string): boolean => GEMINI_2_5.test(model);
