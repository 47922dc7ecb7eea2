import type { ToolChoice, ToolDeclaration } from "../../hub/types.js";
import { convertToolParameters } from "./convert-json-schema.js";
import type { GeminiFunctionDeclaration, GeminiRequest, GeminiToolConfig } from "./wire-types.js";

/**
 * Tool lists converted lately, by their JSON: an agent sends the same tools every turn, and converting 20
 * schemas cost ≈ 2.5–9 µs each where their JSON takes ≈ 0.5 µs per KB. The converted lists are shared
 * between requests: nothing changes a request once encoded. Lists past MAX_KEY_LENGTH are not kept.
 */
const converted = new Map<string, GeminiRequest["tools"]>();
const MAX_KEPT = 32;
const MAX_KEY_LENGTH = 256 * 1024;

/** Tool declarations → one Gemini tool of functionDeclarations; the JSON Schemas converted to what Gemini takes. */
export function encodeTools(tools: readonly ToolDeclaration[] | undefined): GeminiRequest["tools"] {
  if (tools === undefined || tools.length === 0) return undefined;
  const key = JSON.stringify(tools);
  const kept = converted.get(key);
  if (kept !== undefined) return kept;
  const encoded = convertTools(tools);
  if (key.length <= MAX_KEY_LENGTH) {
    const oldest = converted.size >= MAX_KEPT ? converted.keys().next() : undefined;
    if (oldest?.done === false) converted.delete(oldest.value);
    converted.set(key, encoded);
  }
  return encoded;
}

function convertTools(tools: readonly ToolDeclaration[]): GeminiRequest["tools"] {
  const functionDeclarations = tools.map((tool): GeminiFunctionDeclaration => {
    const declaration: GeminiFunctionDeclaration = { name: tool.name };
    if (tool.description !== undefined && tool.description !== "") declaration.description = tool.description;
    const parameters = convertToolParameters(tool.parameters);
    if (parameters !== undefined) declaration.parameters = parameters;
    return declaration;
  });
  return [{ functionDeclarations }];
}

/** auto → AUTO, none → NONE, required → ANY, a named function → ANY limited to that name. */
export function encodeToolChoice(choice: ToolChoice | undefined): GeminiToolConfig | undefined {
  switch (choice?.type) {
    case undefined:
      return undefined;
    case "auto":
      return { functionCallingConfig: { mode: "AUTO" } };
    case "none":
      return { functionCallingConfig: { mode: "NONE" } };
    case "required":
      return { functionCallingConfig: { mode: "ANY" } };
    case "named":
      return { functionCallingConfig: { mode: "ANY", allowedFunctionNames: [choice.name] } };
  }
}
