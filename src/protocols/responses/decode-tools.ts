import { invalidRequest } from "../../errors.js";
import type { ToolChoice, ToolDeclaration } from "../../hub/types.js";
import { listHint, RepeatedLists } from "../../repeated-lists.js";
import { undeclaredTool } from "../tool-choice-errors.js";
import { unhonouredSearchOptions } from "../web-search-options.js";
import type { ResponsesRequest, ResponsesTool } from "./request-schema.js";
import {
  APPLY_PATCH,
  APPLY_PATCH_DECLARATION,
  checkShellEnvironment,
  SHELL,
  SHELL_DECLARATION,
} from "./shell-patch-declarations.js";
import { ToolNames } from "./tool-name-clashes.js";
import {
  hostedToolForced,
  requiredAmongHostedTools,
  requiredWithoutFunctions,
} from "./unforceable-choices.js";

/** How a Gemini function call maps back to a Responses output item. */
export type ToolKind =
  | { kind: "function"; name: string; namespace?: string }
  | { kind: "custom"; name: string; namespace?: string }
  | { kind: "local_shell" }
  | { kind: "shell" }
  | { kind: "apply_patch" };

export interface DecodedResponsesTools {
  declarations: ToolDeclaration[];
  /** By the function name Gemini sees (namespaced tools are flattened). */
  kinds: Map<string, ToolKind>;
  /** Live web search → Gemini grounding with Google Search. */
  grounding: boolean;
  /** The code interpreter → Gemini's code execution (it runs the model's Python itself). */
  codeExecution: boolean;
  toolChoice?: ToolChoice;
  warnings: string[];
  /**
   * The search options Gemini cannot take (web-search-options.ts): to be said only if the search runs, not
   * when it is dropped beside function tools or a tool_choice forbids it.
   */
  searchWarnings: string[];
  /**
   * The request's tools, or a list with the same JSON that an earlier request sent (what `declarations` and
   * `kinds` were made from): the Response echoes this one, found again without another comparison.
   */
  list: readonly ResponsesTool[];
}

export const LOCAL_SHELL = "local_shell";
const NAMESPACE_SEPARATOR = "__";
const SEARCH_TOOLS = new Set([
  "web_search",
  "web_search_preview",
  "web_search_2025_08_26",
  "web_search_preview_2025_03_11",
]);

/** OpenAI's hosted Python sandbox; Gemini has its own. */
const CODE_TOOL = "code_interpreter";

export const flattenedName = (namespace: string, name: string): string =>
  `${namespace}${NAMESPACE_SEPARATOR}${name}`;

const CUSTOM_PARAMETERS = {
  type: "object",
  properties: {
    input: { type: "string", description: "The raw input for the tool, in the format it describes." },
  },
  required: ["input"],
};
const LOCAL_SHELL_PARAMETERS = {
  type: "object",
  properties: {
    command: { type: "array", items: { type: "string" }, description: "The command and its arguments." },
    working_directory: { type: "string" },
    timeout_ms: { type: "integer" },
  },
  required: ["command"],
};

/**
 * Responses tools → hub declarations: function tools as they are, namespace tools flattened, custom tools as a
 * function taking one string, local_shell as a function taking a command, shell and apply_patch as the
 * functions of shell-patch-declarations.ts (a shell in an OpenAI-hosted container is refused). Web search
 * without live access (Codex sends it on every request) is dropped; with live access it becomes grounding,
 * and the code interpreter Gemini's code execution, when no function tool is present (each dropped with a
 * warning beside them). Other built-in tools Gemini cannot serve are
 * refused, naming them, and so is a tool that gives Gemini a function name an earlier one gave
 * (tool-name-clashes.ts).
 */
export function decodeResponsesTools(
  request: Pick<ResponsesRequest, "tools" | "tool_choice">,
): DecodedResponsesTools {
  const list = request.tools ?? [];
  const hint = list.length === 0 ? undefined : listHint(list);
  let tools = hint === undefined ? undefined : decodedLists.get(hint, list);
  if (tools === undefined) {
    tools = decodeList(list);
    // By the list's JSON length: its size in the memory's budget, only worked out when a list is kept.
    if (hint !== undefined) decodedLists.set(hint, list, tools, JSON.stringify(list).length);
  }
  const choice = decodeToolChoice(request.tool_choice, tools);
  // The kept list is shared and read only: a choice that forbids the search or the code gets a copy without.
  const grounding = tools.grounding && choiceLets(request.tool_choice, isSearchTool);
  const codeExecution = tools.codeExecution && choiceLets(request.tool_choice, isCodeTool);
  if (choice === undefined && grounding === tools.grounding && codeExecution === tools.codeExecution)
    return tools;
  return {
    ...tools,
    grounding,
    codeExecution,
    ...(choice === undefined ? {} : { toolChoice: choice }),
  };
}

const isSearchTool = (type: string): boolean => SEARCH_TOOLS.has(type);
const isCodeTool = (type: string): boolean => type === CODE_TOOL;

/**
 * Whether a tool_choice lets the model use a hosted tool (web search, the code interpreter): `none` calls no
 * tool, and allowed_tools only the tools it lists (that one among them or not); every other choice leaves
 * it to the model.
 */
function choiceLets(choice: ResponsesRequest["tool_choice"], isTool: (type: string) => boolean): boolean {
  if (choice === "none") return false;
  if (choice == null || typeof choice === "string" || choice.type !== "allowed_tools") return true;
  const listed = (choice as AllowedTools).tools;
  return (
    Array.isArray(listed) &&
    listed.some((entry) => isTool(String((entry as { type?: unknown } | null)?.type)))
  );
}

/**
 * The lists decoded lately, shared by every request of the process: an agent sends the same tools every
 * turn, and finding them here (one comparison) spares the decoding and lets the converted Gemini list and
 * the Response's echo be found by identity, where each compared the list again (≈ 13 µs for 20 tools).
 * What is kept is never changed: the declarations, kinds and warnings are read only.
 */
const decodedLists = new RepeatedLists<DecodedResponsesTools>();

function decodeList(list: readonly ResponsesTool[]): DecodedResponsesTools {
  const result: DecodedResponsesTools = {
    declarations: [],
    kinds: new Map(),
    grounding: false,
    codeExecution: false,
    warnings: [],
    searchWarnings: [],
    list,
  };
  let wantsSearch = false;
  let wantsCode = false;
  const names = new ToolNames();
  for (const [index, tool] of list.entries()) {
    if (SEARCH_TOOLS.has(tool.type)) {
      const search = tool as SearchTool;
      if (search.external_web_access === false) continue;
      wantsSearch = true;
      refuseDomainList(search, `tools[${index}].filters.allowed_domains`);
      const warning = unhonouredSearchOptions({
        [`${tool.type} user_location`]: search.user_location,
        [`${tool.type} search_context_size`]: search.search_context_size,
      });
      if (warning !== undefined) result.searchWarnings.push(warning);
      continue;
    }
    // Its container (auto, or an OpenAI container's id) has no Gemini counterpart: each answer runs afresh.
    if (tool.type === CODE_TOOL) {
      wantsCode = true;
      continue;
    }
    addTool(result, names, tool, `tools[${index}]`);
  }
  if (wantsSearch) {
    if (result.declarations.length === 0) result.grounding = true;
    else {
      // Beside function tools the search is dropped and the tools kept, as an agent needs its tools more than
      // a search (contract §9; Codex sends both on every request). Gemini 2.5 refuses the two together;
      // Gemini 3 would take both with toolConfig.includeServerSideToolInvocations, which the contract does not
      // ask for. Nothing is searched, so the options it would have run without are not said either.
      result.warnings.push(SEARCH_DROPPED);
      result.searchWarnings.length = 0;
    }
  }
  if (wantsCode) {
    if (result.declarations.length === 0) result.codeExecution = true;
    else
      result.warnings.push(
        "code_interpreter dropped: Gemini cannot run code (code execution) while function tools are declared",
      );
  }
  return result;
}

/**
 * A list of the only domains a live search may use: Gemini's Google Search cannot keep to one, and a search
 * of the whole web would change the answer the client asked for (contract §5), so it is refused.
 */
function refuseDomainList(search: SearchTool, param: string): void {
  const domains = search.filters?.allowed_domains;
  if (!Array.isArray(domains) || domains.length === 0) return;
  throw invalidRequest(
    "Gemini's Google Search cannot keep to a list of domains, so agate cannot honour 'filters.allowed_domains'; leave it out to search the whole web.",
    param,
  );
}

const SEARCH_DROPPED =
  "web search dropped: agate searches with Google only when no function tools are declared";

/** What agate reads of a web_search tool (the rest of it is OpenAI's alone). */
interface SearchTool {
  external_web_access?: unknown;
  filters?: { allowed_domains?: unknown } | null;
  user_location?: unknown;
  search_context_size?: unknown;
}

/** One tool's declarations, each name claimed first: `param` is the tool's (`tools[i]`). */
function addTool(result: DecodedResponsesTools, names: ToolNames, tool: ResponsesTool, param: string): void {
  const add = (declaration: ToolDeclaration, kind: ToolKind, origin = param) => {
    // Named by the field that set it: a built-in tool's type, any other's name.
    const field = kind.kind === "function" || kind.kind === "custom" ? "name" : "type";
    const sameAs = kind.kind === "function" && origin === param ? JSON.stringify(declaration) : undefined;
    if (!names.claim(declaration.name, origin, `${origin}.${field}`, sameAs)) return;
    result.declarations.push(declaration);
    result.kinds.set(declaration.name, kind);
  };
  switch (tool.type) {
    case "function": {
      const fn = tool as Extract<ResponsesTool, { type: "function"; name: string }>;
      add(declarationOf(fn.name, fn.description, fn.parameters), { kind: "function", name: fn.name });
      return;
    }
    case "namespace": {
      const namespace = tool as Extract<ResponsesTool, { type: "namespace" }>;
      for (const [index, member] of namespace.tools.entries()) {
        const name = flattenedName(namespace.name, member.name);
        const kind: ToolKind = { kind: member.type, name: member.name, namespace: namespace.name };
        const parameters = member.type === "custom" ? CUSTOM_PARAMETERS : member.parameters;
        add(declarationOf(name, member.description, parameters), kind, `${param}.tools[${index}]`);
      }
      return;
    }
    case "custom": {
      const custom = tool as Extract<ResponsesTool, { type: "custom" }>;
      add(declarationOf(custom.name, custom.description, CUSTOM_PARAMETERS), {
        kind: "custom",
        name: custom.name,
      });
      return;
    }
    case "local_shell":
      add(declarationOf(LOCAL_SHELL, "Run a command in the user's local shell.", LOCAL_SHELL_PARAMETERS), {
        kind: "local_shell",
      });
      return;
    case "shell":
      checkShellEnvironment((tool as { environment?: unknown }).environment, param);
      add(SHELL_DECLARATION, { kind: "shell" });
      return;
    case "apply_patch":
      add(APPLY_PATCH_DECLARATION, { kind: "apply_patch" });
      return;
    default:
      throw invalidRequest(
        `The built-in tool '${tool.type}' cannot be served by Gemini through agate; remove it from 'tools'.` +
          (tool.type === "tool_search" ? CODEX_CATALOG_HINT : ""),
        `${param}.type`,
        "unsupported_tool",
      );
  }
}

/** Codex declares tool_search only for the models of its own catalog, and a Codex user cannot remove it. */
const CODEX_CATALOG_HINT =
  " Codex sends it for a model name of its own catalog (`codex debug models`): give Codex a model name outside " +
  "that catalog (e.g. gpt-5-codex) and map it to a Gemini model in agate's model_mapping (README, Codex CLI).";

function declarationOf(
  name: string,
  description: string | null | undefined,
  parameters: unknown,
): ToolDeclaration {
  const declaration: ToolDeclaration = { name };
  if (description != null && description !== "") declaration.description = description;
  if (parameters != null) declaration.parameters = parameters as Record<string, unknown>;
  return declaration;
}

/**
 * tool_choice → the hub's choice among the functions Gemini is given. A choice that forces a call Gemini
 * cannot be made to make (unforceable-choices.ts), or names a tool the request did not declare, is a 400.
 */
function decodeToolChoice(
  choice: ResponsesRequest["tool_choice"],
  tools: DecodedResponsesTools,
): ToolChoice | undefined {
  // Without tools at all, a forced call was refused before (refuse-unsupported.ts).
  if (choice == null || tools.list.length === 0) return undefined;
  const functions = tools.declarations.length > 0;
  if (choice === "auto" || choice === "none") return functions ? { type: choice } : undefined;
  if (choice === "required") {
    if (!functions) throw requiredWithoutFunctions();
    return { type: choice };
  }
  if (choice.type === "function" || choice.type === "custom") {
    const named = (choice as { name?: unknown }).name;
    if (typeof named !== "string" || named === "") {
      throw invalidRequest(
        `'tool_choice.name' is required: the ${choice.type} tool to call.`,
        "tool_choice.name",
      );
    }
    if (!tools.kinds.has(named)) throw undeclaredTool("tool_choice.name", named);
    return { type: "named", name: named };
  }
  const builtIn = builtInFunction(choice.type, tools, "tool_choice.type");
  if (builtIn !== undefined) return { type: "named", name: builtIn };
  if (choice.type === "allowed_tools") return allowedChoice(choice as AllowedTools, tools);
  if (isSearchTool(choice.type) || isCodeTool(choice.type)) throw hostedToolForced(choice.type);
  // Any other hosted tool (file_search, mcp...) is refused in tools, so it cannot be there.
  throw undeclaredTool("tool_choice.type", choice.type);
}

interface AllowedTools {
  mode?: unknown;
  tools?: unknown;
}

/**
 * allowed_tools → the functions it lists (function and custom tools by name, local_shell, shell and
 * apply_patch as their functions), in its mode. Hosted tools in it are let through: without any function
 * listed, the model chooses freely in mode auto, and mode required (a hosted call forced) is a 400.
 */
function allowedChoice(choice: AllowedTools, tools: DecodedResponsesTools): ToolChoice | undefined {
  const mode = choice.mode === "required" ? "required" : "auto";
  const names: string[] = [];
  for (const [index, entry] of (Array.isArray(choice.tools) ? choice.tools : []).entries()) {
    const { type, name } = (entry ?? {}) as { type?: unknown; name?: unknown };
    const builtIn = builtInFunction(type, tools, `tool_choice.tools[${index}].type`);
    if (builtIn !== undefined) names.push(builtIn);
    if (type !== "function" && type !== "custom") continue;
    if (typeof name !== "string" || !tools.kinds.has(name))
      throw undeclaredTool(`tool_choice.tools[${index}].name`, String(name));
    names.push(name);
  }
  if (names.length > 0) return { type: "allowed", mode, names };
  if (mode === "required") throw requiredAmongHostedTools();
  return tools.declarations.length > 0 ? { type: mode } : undefined;
}

/** The tools a tool_choice names by type alone, each the function of the same name. */
const BY_TYPE: ReadonlySet<unknown> = new Set([LOCAL_SHELL, SHELL, APPLY_PATCH]);

/**
 * The function of a built-in tool a choice names by its `type` (local_shell, shell, apply_patch); a 400
 * naming `param` when the request did not declare that tool (a function tool of that name is not it).
 * Undefined for any other type.
 */
function builtInFunction(type: unknown, tools: DecodedResponsesTools, param: string): string | undefined {
  if (!BY_TYPE.has(type)) return undefined;
  const name = type as string;
  if (tools.kinds.get(name)?.kind !== name) throw undeclaredTool(param, name);
  return name;
}
