import { invalidRequest } from "../../errors.js";
import type { ToolChoice, ToolDeclaration } from "../../hub/types.js";
import { toolChoiceWithoutTools, undeclaredTool } from "../tool-choice-errors.js";
import { uniqueDeclarations } from "../unique-declarations.js";
import type { ChatRequest } from "./request-schema.js";

export interface DecodedTools {
  tools?: ToolDeclaration[];
  toolChoice?: ToolChoice;
  /** Declared with the deprecated `functions`: answered with `function_call`, one call at a time. */
  legacyFunctions?: true;
}

/** tools[].function → declarations (schemas as sent; the upstream converts them); tool_choice → hub choice. */
export function decodeTools(
  chat: Pick<ChatRequest, "tools" | "tool_choice" | "functions" | "function_call">,
): DecodedTools {
  const forced = chat.function_call;
  if (typeof forced === "object" && forced !== null && (chat.functions ?? []).length === 0) {
    // A call forced with nothing declared to call: dropping it would answer in text instead.
    throw invalidRequest(
      `'function_call' names '${forced.name}', but the request declares no 'functions': declare it there, or use 'tools' with 'tool_choice'.`,
      "function_call",
    );
  }
  if (chat.functions != null) return decodeFunctions(chat);
  const tools = uniqueDeclarations(
    (chat.tools ?? []).map(({ function: fn }) => declarationOf(fn)),
    (index) => `tools[${index}].function.name`,
  );
  const choice = chat.tool_choice;
  if (choice == null) return tools.length > 0 ? { tools } : {};
  if (tools.length === 0) {
    if (choice === "auto" || choice === "none") return {};
    throw toolChoiceWithoutTools();
  }
  if (typeof choice === "string") return { tools, toolChoice: { type: choice } };
  const declared = (name: string, param: string): string => {
    if (tools.some((tool) => tool.name === name)) return name;
    throw undeclaredTool(param, name);
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

type FunctionDefinition = NonNullable<ChatRequest["functions"]>[number];

function declarationOf(fn: FunctionDefinition): ToolDeclaration {
  const declaration: ToolDeclaration = { name: fn.name };
  if (fn.description !== undefined) declaration.description = fn.description;
  if (fn.parameters !== undefined) declaration.parameters = fn.parameters;
  return declaration;
}

/**
 * The deprecated `functions` and `function_call` (older LangChain, bots): the same declarations and choice,
 * one call at a time as they had it (`parallelToolCalls: false`, set by the caller from `legacyFunctions`).
 */
function decodeFunctions(chat: Pick<ChatRequest, "tools" | "functions" | "function_call">): DecodedTools {
  if (chat.tools != null && chat.tools.length > 0) {
    throw invalidRequest("Send either 'tools' or the deprecated 'functions', not both.", "functions");
  }
  const tools = uniqueDeclarations(
    (chat.functions ?? []).map(declarationOf),
    (index) => `functions[${index}].name`,
  );
  if (tools.length === 0) return {};
  const choice = chat.function_call;
  if (choice == null) return { tools, legacyFunctions: true };
  if (typeof choice === "string") return { tools, toolChoice: { type: choice }, legacyFunctions: true };
  if (!tools.some((tool) => tool.name === choice.name))
    throw undeclaredTool("function_call.name", choice.name, "functions");
  return { tools, toolChoice: { type: "named", name: choice.name }, legacyFunctions: true };
}
