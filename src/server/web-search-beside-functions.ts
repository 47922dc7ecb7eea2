import type { GenerateRequest } from "../hub/types.js";

export interface SettledSearch {
  request: GenerateRequest;
  /** Why the search was dropped, for the log (said once per process: clients repeat their tools). */
  warning?: string;
}

/**
 * A Responses `web_search` tool beside function tools: the search is dropped and the tools kept, as an agent
 * needs its tools more than a search (contract §9; chat refuses the pair before this, with a 400). Gemini 2.5
 * refuses the two together; Gemini 3 would take both with `toolConfig.includeServerSideToolInvocations`,
 * which the contract does not ask for: the policy is this one function.
 */
export function settleWebSearch(request: GenerateRequest): SettledSearch {
  if (request.grounding !== true || (request.tools?.length ?? 0) === 0) return { request };
  const { grounding: _dropped, ...rest } = request;
  return {
    request: rest,
    warning: "web search dropped: agate searches with Google only when no function tools are declared",
  };
}
