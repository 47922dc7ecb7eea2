import type { GenerateRequest } from "../hub/types.js";
import { groundsBesideFunctions } from "../upstream/gemini/model-families.js";

export interface SettledSearch {
  request: GenerateRequest;
  /** Why the search was dropped, for the log (said once per process: clients repeat their tools). */
  warning?: string;
}

/**
 * A web search (chat `web_search_options`, a search model, a Responses `web_search` tool) beside function
 * tools, once the request is routed: Gemini 3 grounds with Google Search while functions are declared;
 * earlier models refuse the two together, so there the search is dropped and the tools kept, as an agent
 * needs its tools more than a search. Chat and Responses settle it alike.
 */
export function settleWebSearch(request: GenerateRequest): SettledSearch {
  if (request.grounding !== true || (request.tools?.length ?? 0) === 0) return { request };
  if (groundsBesideFunctions(request.model)) return { request };
  const { grounding: _dropped, ...rest } = request;
  return {
    request: rest,
    warning: `web search dropped: ${request.model} cannot ground with Google Search while function tools are declared (Gemini 3 can)`,
  };
}
