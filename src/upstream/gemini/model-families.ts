/**
 * The Gemini families whose settings differ, by the upstream model's name (with or without `models/`). A
 * name that matches none (a tuned model, one agate does not know yet) is sent what the client asked for.
 */

const GEMINI_3 = /(^|\/)gemini-3/;
const GEMINI_2_5 = /(^|\/)gemini-2\.5/;

export const isGemini3 = (model: string): boolean => GEMINI_3.test(model);

export const isGemini2_5 = (model: string): boolean => GEMINI_2_5.test(model);
