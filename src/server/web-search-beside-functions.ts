import type { GenerateRequest } from "../hub/types.js";

export interface SettledSearch {
  request: GenerateRequest;
  /** Why the search was dropped, for the log (said once per process: clients repeat their tools). */
  warning?: string;
}

/**
 * A web search (chat `web_search_options`, a search model, a Responses `web_search` tool) beside function
 * tools, once the request is routed: the search is dropped and the tools kept, as an agent needs its tools
 * more than a search (contract §9; chat settles it alike). Gemini 2.5 refuses the two together; Gemini 3
 * would take both with `includeServerSideToolInvocations` (the encoder sends it for a request that has
 * both), which the contract does not ask for: the policy is this one function.
 */
export function settleWebSearch(request: GenerateRequest): SettledSearch {
  if (request.grounding !== true || (request.tools?.length ?? 0) === 0) return { request };
  const { grounding: _dropped, ...rest } = request;
  return {
    request: rest,
    warning: "web search dropped: agate searches with Google only when no function tools are declared",
  };
}
