import { invalidRequest } from "../../errors.js";
import type { ToolChoice, ToolDeclaration } from "../../hub/types.js";
import type { ChatRequest } from "./request-schema.js";

export interface DecodedTools {
  tools?: ToolDeclaration[];
  toolChoice?: ToolChoice;
}

/** tools[].function → declarations (schemas as sent; the upstream converts them); tool_choice → hub choice. */
export function decodeTools(chat: Pick<ChatRequest, "tools" | "tool_choice">): DecodedTools {
  const tools = (chat.tools ?? []).map(({ function: fn }): ToolDeclaration => {
    const declaration: ToolDeclaration = { name: fn.name };
    if (fn.description !== undefined) declaration.description = fn.description;
    if (fn.parameters !== undefined) declaration.parameters = fn.parameters;
    return declaration;
  });
  const choice = chat.tool_choice;
  if (choice == null) return tools.length > 0 ? { tools } : {};
  if (tools.length === 0) {
    if (choice === "auto" || choice === "none") return {};
    throw invalidRequest(
      "'tool_choice' needs 'tools': declare the functions the model may call.",
      "tool_choice",
    );
  }
  if (typeof choice === "string") return { tools, toolChoice: { type: choice } };
  const name = choice.function.name;
  if (!tools.some((tool) => tool.name === name)) {
    throw invalidRequest(
      `'tool_choice.function.name' names '${name}', which is not in 'tools'.`,
      "tool_choice.function.name",
    );
  }
  return { tools, toolChoice: { type: "named", name } };
}
