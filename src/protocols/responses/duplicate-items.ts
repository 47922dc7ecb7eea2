import { invalidRequest } from "../../errors.js";

/**
 * Refuses a request in which two items carry one `id`: twice in its input (item references resolved: two
 * references to one item, or a reference to an item the input holds too), or in its input and in the
 * conversation behind `previous_response_id`. OpenAI refuses such a request with this 400, naming `input`; agate
 * sent Gemini the item twice, and the store kept both, which the input_items cursor cannot tell apart. Items
 * without an id are not compared. Repeats inside the stored history alone pass: a response stored before this
 * check may hold some, and refusing them would end its conversation.
 */
export function refuseDuplicateIds(input: readonly object[], history: readonly object[]): void {
  const ids = new Set<string>();
  for (const item of input) {
    const id = idOf(item);
    if (id === undefined) continue;
    if (ids.has(id)) throw duplicateItem(id);
    ids.add(id);
  }
  if (ids.size === 0) return;
  for (const item of history) {
    const id = idOf(item);
    if (id !== undefined && ids.has(id)) throw duplicateItem(id);
  }
}

const idOf = (item: object): string | undefined => {
  const id = (item as { id?: unknown }).id;
  return typeof id === "string" && id !== "" ? id : undefined;
};

const duplicateItem = (id: string) =>
  invalidRequest(
    `Duplicate item found with id ${id}. Remove duplicate items from your input and try again.`,
    "input",
  );
