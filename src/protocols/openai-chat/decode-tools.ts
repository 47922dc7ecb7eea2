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
  const declared = (name: string, param: string): string => {
    if (tools.some((tool) => tool.name === name)) return name;
    throw invalidRequest(`'${param}' names '${name}', which is not in 'tools'.`, param);
  };
  if (choice.type === "function")
    return {
      tools,
      toolChoice: { type: "named", name: declared(choice.function.name, "tool_choice.function.name") },
    };
  const { mode, tools: allowed } = choice.allowed_tools;
  const names = allowed.map((entry, index) =>
    declared(entry.function?.name ?? "", `tool_choice.allowed_tools.tools[${index}].function.name`),
  );
  return { tools, toolChoice: { type: "allowed", mode, names } };
}
