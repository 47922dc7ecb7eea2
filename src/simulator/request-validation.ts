import { isObject } from "./http-io.js";
import type { CodeAssistRequest, GenerateContentRequest } from "./types.js";

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

export const malformedJsonMessage = "Invalid JSON payload received. Unexpected token.";

/** The structural minimum Google enforces before generating: a non-empty `contents` of objects with parts. */
export function readGenerateRequest(
  body: unknown,
  prefix = "GenerateContentRequest",
): Checked<GenerateContentRequest> {
  if (!isObject(body)) return { ok: false, message: malformedJsonMessage };
  const contents = body.contents;
  if (!Array.isArray(contents) || contents.length === 0) {
    return { ok: false, message: `* ${prefix}.contents: contents is not specified\n` };
  }
  for (const [index, content] of contents.entries()) {
    if (!isObject(content) || !Array.isArray(content.parts) || content.parts.length === 0) {
      return {
        ok: false,
        message: `* ${prefix}.contents[${index}].parts: contents.parts must not be empty.\n`,
      };
    }
    if (content.parts.some(isEmptyText)) return { ok: false, message: emptyTextMessage };
  }
  const seed = isObject(body.generationConfig) ? body.generationConfig.seed : undefined;
  if (seed !== undefined && !isInt32(seed)) {
    return { ok: false, message: `Invalid value at 'generation_config.seed' (TYPE_INT32), ${String(seed)}` };
  }
  return { ok: true, value: body as unknown as GenerateContentRequest };
}

const emptyTextMessage =
  "Unable to submit request because it has an empty text parameter. Add a value to the parameter and try again.";

/** A plain text part of "" (an empty thought that carries a signature is what Gemini itself sends back). */
const isEmptyText = (part: unknown): boolean =>
  isObject(part) && part.text === "" && part.thought !== true && part.thoughtSignature === undefined;

const isInt32 = (value: unknown): boolean => typeof value === "number" && (value | 0) === value;

/** The Cloud Code envelope: `model`, `project` and `request` are all required. */
export function readCodeAssistRequest(body: unknown): Checked<CodeAssistRequest> {
  if (!isObject(body)) return { ok: false, message: malformedJsonMessage };
  for (const field of ["model", "project"] as const) {
    const value = body[field];
    if (typeof value !== "string" || value === "") {
      return { ok: false, message: `Invalid request: field "${field}" is required.` };
    }
  }
  if (!isObject(body.request)) return { ok: false, message: 'Invalid request: field "request" is required.' };
  const inner = readGenerateRequest(body.request, "request");
  if (!inner.ok) return inner;
  return { ok: true, value: body as unknown as CodeAssistRequest };
}
