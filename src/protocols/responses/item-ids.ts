/**
 * Ids of the items a response makes (its output items, and its input items that came without an id): the
 * type's prefix, the response's own id without `resp_`, and a count. The store finds such an item through
 * the response its id names, so it keeps no index row for it: those rows cost ≈ 5 µs each on every save,
 * ≈ 1 ms for a stored turn that resends 200 messages (bench/README.md).
 *
 * `resp_<body>` → `msg_<body>_0`, `fc_<body>_1`, ...
 */
export function itemIdsFor(responseId: string): (prefix: string) => string {
  const body = responseId.startsWith(RESPONSE_PREFIX) ? responseId.slice(RESPONSE_PREFIX.length) : responseId;
  let count = 0;
  return (prefix) => `${prefix}_${body}_${(count++).toString(36)}`;
}

/**
 * The response that made an item, as the item's id says; undefined when the id is not of that form. Only a
 * hint: an id a client made up may look like one, so the caller looks the item up in that response, and
 * elsewhere when it is not there.
 */
export function responseIdOf(itemId: string): string | undefined {
  const start = itemId.indexOf("_") + 1;
  const end = itemId.lastIndexOf("_");
  if (start <= 1 || end <= start || end === itemId.length - 1) return undefined;
  return RESPONSE_PREFIX + itemId.slice(start, end);
}

const RESPONSE_PREFIX = "resp_";
