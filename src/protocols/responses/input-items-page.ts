import { invalidRequest } from "../../errors.js";

/** The query of `GET /v1/responses/{id}/input_items` as the client sent it (fastify's parse: repeats are arrays). */
export interface InputItemsQuery {
  limit?: unknown;
  order?: unknown;
  after?: unknown;
}

export interface InputItemsPage<Item> {
  object: "list";
  data: Item[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;
const WHOLE_NUMBER = /^-?\d+$/;

/**
 * One page of a stored response's input items, newest first unless `order=asc`, after the item `after`.
 * A query it cannot honour is a 400 naming the parameter, as OpenAI answers (a `limit` outside 1..100, an
 * `order` other than asc/desc, an `after` that is not one of the items), never a page of something else.
 */
export function inputItemsPage<Item extends { id?: unknown }>(
  stored: readonly Item[],
  query: InputItemsQuery,
): InputItemsPage<Item> {
  const limit = limitOf(query.limit);
  const order = orderOf(query.order);
  const listed = oncePerId(stored);
  let items = order === "asc" ? listed : listed.reverse();
  if (query.after !== undefined) {
    const after = typeof query.after === "string" ? items.findIndex((item) => item.id === query.after) : -1;
    if (after === -1) {
      throw invalidRequest(
        `Invalid 'after': ${JSON.stringify(query.after)} is not an input item of this response. Pass the id of an item it listed (its last_id).`,
        "after",
        "invalid_value",
      );
    }
    items = items.slice(after + 1);
  }
  const data = items.slice(0, limit);
  const first = data[0]?.id;
  const last = data.at(-1)?.id;
  return {
    object: "list",
    data,
    first_id: typeof first === "string" ? first : null,
    last_id: typeof last === "string" ? last : null,
    has_more: items.length > data.length,
  };
}

/**
 * Each id once, where it was last sent (where item_reference finds it): `after` names an item by its id, and a
 * page ending on the second of two items with one id would otherwise be followed by the page after the first,
 * for ever. Only responses stored before agate refused duplicate ids (duplicate-items.ts) hold any.
 */
function oncePerId<Item extends { id?: unknown }>(stored: readonly Item[]): Item[] {
  const last = new Map<unknown, number>();
  for (const [index, item] of stored.entries()) if (item.id !== undefined) last.set(item.id, index);
  if (last.size === stored.length) return [...stored];
  return stored.filter((item, index) => item.id === undefined || last.get(item.id) === index);
}

function limitOf(raw: unknown): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  if (typeof raw !== "string" || !WHOLE_NUMBER.test(raw)) {
    throw invalidRequest(
      `Invalid type for 'limit': expected an integer from 1 to ${MAX_LIMIT}, but got ${JSON.stringify(raw)}.`,
      "limit",
      "invalid_type",
    );
  }
  const limit = Number(raw);
  if (limit < 1) {
    throw invalidRequest(
      `Invalid 'limit': integer below minimum value. Expected a value >= 1, but got ${limit} instead.`,
      "limit",
      "integer_below_min_value",
    );
  }
  if (limit > MAX_LIMIT) {
    throw invalidRequest(
      `Invalid 'limit': integer above maximum value. Expected a value <= ${MAX_LIMIT}, but got ${limit} instead.`,
      "limit",
      "integer_above_max_value",
    );
  }
  return limit;
}

function orderOf(raw: unknown): "asc" | "desc" {
  if (raw === undefined || raw === "desc") return "desc";
  if (raw === "asc") return "asc";
  throw invalidRequest(
    `Invalid 'order': ${JSON.stringify(raw)}. Supported values are: 'asc' and 'desc'.`,
    "order",
    "invalid_value",
  );
}
