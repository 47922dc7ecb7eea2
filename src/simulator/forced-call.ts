import { isObject } from "./http-io.js";
import { schemaSample } from "./json-answer.js";
import type { FunctionCall, GenerateContentRequest } from "./types.js";

/**
 * The call Gemini makes where it must (`toolConfig.functionCallingConfig.mode: "ANY"`, what agate sends for
 * `tool_choice: "required"` or a named function): the first declared function it may call, with arguments
 * that fit its parameters (made as JSON mode's answer is). Undefined where it need not call one.
 */
export function forcedCall(request: GenerateContentRequest, said: string): FunctionCall | undefined {
  const config = isObject(request.toolConfig) ? request.toolConfig.functionCallingConfig : undefined;
  if (!isObject(config) || config.mode !== "ANY") return undefined;
  const allowed = Array.isArray(config.allowedFunctionNames) ? config.allowedFunctionNames : [];
  const declaration = (request.tools ?? [])
    .flatMap((tool) =>
      isObject(tool) && Array.isArray(tool.functionDeclarations) ? tool.functionDeclarations : [],
    )
    .filter(isObject)
    .find(
      (entry) => typeof entry.name === "string" && (allowed.length === 0 || allowed.includes(entry.name)),
    );
  if (declaration === undefined) return undefined;
  const schema = declaration.parameters ?? declaration.parametersJsonSchema;
  const args = isObject(schema) ? schemaSample(schema, said) : {};
  return { name: declaration.name as string, args: isObject(args) ? args : {} };
}
