/**
 * What was made from a list the last time a list like it came (by a hint: its length, first and last
 * names), given again while the same list (the same JSON) comes back. A coding agent sends the same tools
 * every turn; comparing them with the last ones (≈ 11 µs for 20 tools) costs less than serialising them
 * (≈ 29 µs). Two agents whose lists share a hint but differ take turns: each compares, misses and makes its
 * value. At most 64 hints and 2 MB of lists (by their JSON's length): past either they start over.
 */
export class RepeatedLists<T> {
  private readonly last = new Map<string, { list: readonly unknown[]; value: T }>();
  private bytes = 0;

  /** The value made for the last list with `hint`, when `list` is the same as that one; else undefined. */
  get(hint: string, list: readonly unknown[]): T | undefined {
    const last = this.last.get(hint);
    return last !== undefined && sameJson(last.list, list) ? last.value : undefined;
  }

  /** Remembers `value` for `list`, whose JSON is `bytes` long (a list larger than the budget is not kept). */
  set(hint: string, list: readonly unknown[], value: T, bytes: number): void {
    if (bytes > MAX_BYTES) return;
    if (this.last.size >= MAX_HINTS || this.bytes + bytes > MAX_BYTES) {
      this.last.clear();
      this.bytes = 0;
    }
    this.last.set(hint, { list, value });
    this.bytes += bytes;
  }
}

/** Hints kept at most (a list of 20 tools is ≈ 10 KB). */
const MAX_HINTS = 64;
/** The lists' JSON kept at most, in characters. */
const MAX_BYTES = 2 * 1024 * 1024;

/** A list's hint: its length and the names (or types) of its first and last entries. */
export function listHint(list: readonly { name?: unknown; type?: unknown }[]): string {
  const first = list[0];
  const last = list.at(-1);
  return `${list.length}\0${first?.name ?? first?.type}\0${last?.name ?? last?.type}`;
}

/**
 * Whether two JSON values serialise alike: objects with the same keys in the same order and equal values,
 * arrays alike. True means JSON.stringify gives both the same text; a key whose value is undefined counts,
 * so it may say false where the text would be the same. Node's util.isDeepStrictEqual measured 52–75 µs on
 * an agent's 20 tools, more than serialising them.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let index = 0; index < a.length; index++) if (!sameJson(a[index], b[index])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  const otherKeys = Object.keys(b);
  if (keys.length !== otherKeys.length) return false;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string;
    if (key !== otherKeys[index]) return false;
    if (!sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/**
 * Long texts sent again and again (an agent's instructions, every turn), with their JSON made once: 10 KB
 * took ≈ 16 µs to serialise, and comparing it with the last text of its length far less. Texts of 1–64 KB,
 * the last of each length, at most 16 (≈ 2 MB at worst with their JSON).
 */
export class RepeatedTexts {
  private readonly last = new Map<number, { text: string; json: string }>();

  /** Whether `text` is one that would be kept (1–64 KB): a shorter one takes no longer to serialise. */
  static keeps(text: string): boolean {
    return text.length >= MIN_TEXT && text.length <= MAX_TEXT;
  }

  /** `JSON.stringify(text)`. */
  json(text: string): string {
    if (!RepeatedTexts.keeps(text)) return JSON.stringify(text);
    const last = this.last.get(text.length);
    if (last !== undefined && last.text === text) return last.json;
    const json = JSON.stringify(text);
    if (this.last.size >= MAX_TEXTS) this.last.clear();
    this.last.set(text.length, { text, json });
    return json;
  }
}

const MIN_TEXT = 1024;
const MAX_TEXT = 64 * 1024;
const MAX_TEXTS = 16;
