import type { Turn } from "../../hub/types.js";

/**
 * The tool turns after a model's calls, in the order of those calls. OpenAI clients pair a result with its
 * call by id and may send results as their tools finish; Gemini pairs them by position wherever it gave the
 * calls no id (the ids it gave go back, encode-request.ts, but most calls of the Developer API have none). A
 * result whose call is not in the calls just before it keeps its place after the others. Pure; the turns
 * are reordered, never changed.
 */
export function resultsInCallOrder(turns: readonly Turn[]): readonly Turn[] {
  let ordered: Turn[] | undefined;
  let callOrder = new Map<string, number>();
  let index = 0;
  while (index < turns.length) {
    const turn = turns[index] as Turn;
    if (turn.role === "assistant") {
      if (turns[index - 1]?.role !== "assistant") callOrder = new Map();
      for (const part of turn.parts) if (part.type === "tool-call") callOrder.set(part.id, callOrder.size);
      index += 1;
      continue;
    }
    let end = index;
    while (turns[end]?.role === "tool") end += 1;
    if (end - index > 1) {
      const run = turns.slice(index, end);
      const position = (tool: Turn) => {
        const result = tool.parts.find((part) => part.type === "tool-result");
        return callOrder.get(result?.callId ?? "") ?? Number.MAX_SAFE_INTEGER;
      };
      const sorted = [...run].sort((first, second) => position(first) - position(second));
      if (sorted.some((tool, at) => tool !== run[at])) {
        ordered ??= [...turns];
        ordered.splice(index, sorted.length, ...sorted);
      }
    }
    index = Math.max(end, index + 1);
  }
  return ordered ?? turns;
}
