import type { ToolChoice, ToolDeclaration } from "../../hub/types.js";
import { RecentValues } from "../../recent-values.js";
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
  /** The last list asked for with each hint (its length, first and last names), and what it converted to. */
  private readonly lastByHint = new Map<
    string,
    { tools: readonly ToolDeclaration[]; converted: GeminiRequest["tools"] }
  >();

  /** What encodeTools gives for `tools`: converted once while the same list stays among the recent ones. */
  of(tools: readonly ToolDeclaration[] | undefined): GeminiRequest["tools"] {
    if (tools === undefined || tools.length === 0) return undefined;
    // An agent sends the same list every turn: compared with the last one like it (≈ 11 µs for 20 tools)
    // before it is serialised for its key (≈ 29 µs).
    const hint = `${tools.length}\0${tools[0]?.name}\0${tools.at(-1)?.name}`;
    const last = this.lastByHint.get(hint);
    if (last !== undefined && sameJson(last.tools, tools)) return last.converted;
    const key = JSON.stringify(tools);
    let converted = this.kept.get(key);
    if (converted === undefined) {
      converted = encodeTools(tools);
      this.kept.set(key, converted, key.length);
      if (converted !== undefined) this.json.set(converted, JSON.stringify(converted));
    }
    if (this.lastByHint.size >= MAX_HINTS) this.lastByHint.clear();
    this.lastByHint.set(hint, { tools, converted });
    return converted;
  }

  /** The JSON of a list `of` gave (the same object); undefined for any other. */
  jsonOf(list: GeminiRequest["tools"]): string | undefined {
    return list === undefined ? undefined : this.json.get(list);
  }
}

/** Hints kept at most (a list of 20 tools is ≈ 10 KB): past it they start over. */
const MAX_HINTS = 64;

/**
 * Whether two JSON values are the same: objects with the same keys (in any order) and equal values, arrays
 * alike. A key whose value is undefined counts, so it may say false where the JSON would be the same; true
 * means the same value, so the same converted list (at most its keys in another order). Node's
 * util.isDeepStrictEqual measured 52–75 µs on an agent's 20 tools, more than serialising them.
 */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let index = 0; index < a.length; index++) if (!sameJson(a[index], b[index])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(b, key)) return false;
    if (!sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
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
