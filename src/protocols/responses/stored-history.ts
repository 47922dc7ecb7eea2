import { notFound } from "../../errors.js";
import type { ConversationLink } from "../../store/responses-repository.js";
import type { InputItem } from "./request-schema.js";

const MAX_CHAIN = 1_000;

export interface History {
  items: InputItem[];
  sessionKey: string | null;
  accountId: string | null;
}

/**
 * The conversation behind `previous_response_id`: each earlier response's input items and output, oldest
 * first. Instructions are not carried over (as with OpenAI). An unknown id is a 404.
 */
export function historyOf(previousId: string, find: (id: string) => ConversationLink | undefined): History {
  const chain: ConversationLink[] = [];
  let id: string | null = previousId;
  while (id !== null && chain.length < MAX_CHAIN) {
    const link = find(id);
    if (link === undefined) {
      if (chain.length === 0) {
        throw notFound(
          `Previous response with id '${previousId}' not found; it may have been created with store: false or deleted.`,
          "previous_response_not_found",
          "previous_response_id",
        );
      }
      break;
    }
    chain.push(link);
    id = link.previousResponseId;
  }
  chain.reverse();
  const items: InputItem[] = [];
  for (const link of chain) {
    items.push(...(link.inputItems as InputItem[]));
    items.push(...(link.output as InputItem[]));
  }
  const latest = chain.at(-1);
  return { items, sessionKey: latest?.sessionKey ?? null, accountId: latest?.accountId ?? null };
}

/** Input items as the store keeps them: each with an id (input_items lists them; item_reference finds them). */
export function withItemIds(
  items: readonly InputItem[],
  newId: (prefix: string) => string,
): Record<string, unknown>[] {
  return items.map((item) => {
    const record = item as Record<string, unknown>;
    if (typeof record.id === "string" && record.id !== "") return record;
    const type = typeof record.type === "string" ? record.type : "message";
    const prefix = type === "message" ? "msg" : type === "function_call_output" ? "fco" : "item";
    return {
      ...(type === "message" && record.type === undefined ? { type: "message" } : {}),
      ...record,
      id: newId(prefix),
    };
  });
}
