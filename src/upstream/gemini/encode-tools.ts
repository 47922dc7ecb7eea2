import type { ToolChoice, ToolDeclaration } from "../../hub/types.js";
import { RecentValues } from "../../recent-values.js";
import { listHint, RepeatedLists } from "../../repeated-lists.js";
import { convertToolParameters } from "./convert-json-schema.js";
import type { GeminiFunctionDeclaration, GeminiRequest, GeminiToolConfig } from "./wire-types.js";

/** The JSON of the tool lists kept converted (≈ 50 coding agents' lists of 20 tools). */
const KEPT_BYTES = 1024 * 1024;

/**
 * Tool lists converted before, by their JSON: an agent sends the same tools every turn, and converting 20
 * schemas cost ≈ 2.5–9 µs each where their JSON takes ≈ 0.5 µs per KB. A client keeps one and hands it to
 * encodeGeminiRequest. The converted lists are shared between requests: nothing changes an encoded request.
 */
export class ConvertedToolLists {
  private readonly kept = new RecentValues<GeminiRequest["tools"]>(KEPT_BYTES);
  /** The JSON of each list kept, made once: a request splices it in rather than serialising the list again. */
  private readonly json = new WeakMap<object, string>();
  /** The last list like each one asked for, and what it converted to. */
  private readonly repeated = new RepeatedLists<GeminiRequest["tools"]>();

  /** What encodeTools gives for `tools`: converted once while the same list stays among the recent ones. */
  of(tools: readonly ToolDeclaration[] | undefined): GeminiRequest["tools"] {
    if (tools === undefined || tools.length === 0) return undefined;
    const hint = listHint(tools);
    const repeated = this.repeated.get(hint, tools);
    if (repeated !== undefined) return repeated;
    const key = JSON.stringify(tools);
    let converted = this.kept.get(key);
    if (converted === undefined) {
      converted = encodeTools(tools);
      this.kept.set(key, converted, key.length);
      if (converted !== undefined) this.json.set(converted, JSON.stringify(converted));
    }
    this.repeated.set(hint, tools, converted, key.length);
    return converted;
  }

  /** The JSON of a list `of` gave (the same object); undefined for any other. */
  jsonOf(list: GeminiRequest["tools"]): string | undefined {
    return list === undefined ? undefined : this.json.get(list);
  }
}

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

/**
 * auto → AUTO, none → NONE, required → ANY, a named function → ANY limited to that name, allowed functions
 * → ANY (required) or VALIDATED (auto) limited to their names.
 */
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
    case "allowed":
      // AUTO takes no allowed names; VALIDATED lets the model answer in text or call one of them.
      return {
        functionCallingConfig: {
          mode: choice.mode === "required" ? "ANY" : "VALIDATED",
          allowedFunctionNames: choice.names,
        },
      };
  }
}
