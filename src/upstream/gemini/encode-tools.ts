import type { ToolChoice, ToolDeclaration } from "../../hub/types.js";
import { convertToolParameters } from "./convert-json-schema.js";
import type { GeminiFunctionDeclaration, GeminiRequest, GeminiToolConfig } from "./wire-types.js";

/** Tool declarations → one Gemini tool of functionDeclarations; the JSON Schemas converted to what Gemini takes. */
export function encodeTools(tools: readonly ToolDeclaration[] | undefined): GeminiRequest["tools"] {
  if (tools === undefined || tools.length === 0) return undefined;
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
