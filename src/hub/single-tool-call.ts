import type { GenerateEvent, GenerateRequest } from "./types.js";

/** Says of each event of one answer, in order, whether it goes on to the client. */
export type EventFilter = (event: GenerateEvent) => boolean;

/**
 * For a request that turned parallel tool calls off, which Gemini has no setting for: each candidate keeps its
 * first tool call and the later ones are dropped, so the client gets at most one call per answer, as from
 * OpenAI (the finish stays a tool-call finish). Undefined when the request allows parallel calls: nothing is
 * filtered. A fresh filter per answer; it keeps which candidates have called.
 */
export function toolCallFilter(request: Pick<GenerateRequest, "parallelToolCalls">): EventFilter | undefined {
  if (request.parallelToolCalls !== false) return undefined;
  const called = new Set<number>();
  return (event) => {
    if (event.type !== "tool-call") return true;
    if (called.has(event.candidate)) return false;
    called.add(event.candidate);
    return true;
  };
}
