import { isObject } from "./http-io.js";
import type { GenerateContentRequest } from "./types.js";

/**
 * Gemini's refusal of a function name declared more than once, counted over every tool's
 * `functionDeclarations` (two alike included), in the Gemini API's words; undefined when each name is declared
 * once. Cloud Code says the same.
 */
export function duplicateDeclarationMessage(request: GenerateContentRequest): string | undefined {
  const names = new Set<string>();
  for (const tool of request.tools ?? []) {
    if (!isObject(tool) || !Array.isArray(tool.functionDeclarations)) continue;
    for (const declaration of tool.functionDeclarations) {
      if (!isObject(declaration) || typeof declaration.name !== "string") continue;
      if (names.has(declaration.name)) return `Duplicate function declaration found: ${declaration.name}`;
      names.add(declaration.name);
    }
  }
  return undefined;
}
