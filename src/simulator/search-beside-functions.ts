import { isObject } from "./http-io.js";
import { isGemini3 } from "./models.js";
import type { GenerateContentRequest } from "./types.js";

/**
 * Whether the request asks to see the built-in tools' own calls (`toolConfig.includeServerSideToolInvocations`),
 * which Gemini 3 needs before it grounds with Google Search beside function declarations.
 */
export function showsServerToolCalls(request: GenerateContentRequest): boolean {
  return isObject(request.toolConfig) && request.toolConfig.includeServerSideToolInvocations === true;
}

/**
 * What Gemini refuses of a built-in tool (Google Search, code execution) beside function declarations in one
 * request: before Gemini 3, the two together (no multi-tool use outside the Live API) and the flag that would
 * show the built-in tools' calls; on Gemini 3, the two together without that flag. The messages are the
 * Gemini API's.
 */
export function searchBesideFunctionsRefusal(
  modelId: string,
  request: GenerateContentRequest,
): string | undefined {
  const gemini3 = isGemini3(modelId);
  if (showsServerToolCalls(request) && !gemini3)
    return `Tool call context circulation is not enabled for models/${modelId}`;
  const tools = (request.tools ?? []).filter(isObject);
  const builtIn = tools.some((tool) => tool.googleSearch !== undefined || tool.codeExecution !== undefined);
  const calls = tools.some((tool) => tool.functionDeclarations !== undefined);
  if (!builtIn || !calls) return undefined;
  if (!gemini3) return "Tool use with function calling is unsupported by the model.";
  return showsServerToolCalls(request)
    ? undefined
    : "Please enable tool_config.include_server_side_tool_invocations";
}
