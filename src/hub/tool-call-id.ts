/**
 * What rides inside the tool-call id the client sees, since clients only send back what OpenAI defines:
 *
 *     <id>[__fc<n><kind><upstream id>][__ts_<signature as base64url>]
 *
 * - The id's own part (agate's `call_…`, or a client's id): the store is keyed by it, which survives a client
 *   that truncates long ids, and it alone goes to an OpenAI-compatible upstream.
 * - The id Gemini gave the call (functionCall.id), when it gave one, so that the call and its response go
 *   back with it: `n` characters after `kind`, which is `_` for an id written as it is (letters, digits, `_`
 *   and `-` only) and `-` for one written as base64url. The length tells an id cut short from a whole one;
 *   an id a client or another provider made has no such part, so none goes upstream.
 * - Gemini 3 needs the thought signature of a function call back on that call in later turns.
 */
const SIGNATURE_MARKER = "__ts_";
const PLAIN_ID = /^[A-Za-z0-9_-]+$/;
/** The most digits an upstream id's length is written with. */
const MOST_LENGTH_DIGITS = 5;
/** Character codes of the two kinds: `_` (written as it is) and `-` (as base64url). */
const PLAIN_KIND = 95;
const BASE64URL_KIND = 45;

/**
 * Where the first marker in `id` starts: `__ts_`, or an upstream id's header whole (`__fc`, 1 to 5 digits and
 * its kind); -1 when there is none. Read by hand, not with a regular expression: each replayed call of an
 * agent's history is read several times per request (thought-signatures.ts, encode-request.ts).
 */
function markerAt(id: string): number {
  for (let at = id.indexOf("__"); at !== -1; at = id.indexOf("__", at + 1)) {
    if (id.startsWith("ts_", at + 2) || headerEnd(id, at) !== -1) return at;
  }
  return -1;
}

/** Where the upstream id whose header starts at `at` (`__fc<n><kind>`) starts; -1 when no header is there. */
function headerEnd(id: string, at: number): number {
  if (!id.startsWith("fc", at + 2)) return -1;
  let cursor = at + 4;
  while (cursor < at + 4 + MOST_LENGTH_DIGITS && isDigit(id.charCodeAt(cursor))) cursor += 1;
  const kind = id.charCodeAt(cursor);
  return cursor > at + 4 && (kind === PLAIN_KIND || kind === BASE64URL_KIND) ? cursor + 1 : -1;
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/**
 * Where the upstream id written from `from` (its header at `at`) ends; -1 when the id was cut before its end
 * (or says it is empty).
 */
function upstreamEnd(id: string, at: number, from: number): number {
  let length = 0;
  for (let cursor = at + 4; cursor < from - 1; cursor++) length = length * 10 + id.charCodeAt(cursor) - 48;
  const to = from + length;
  return to > id.length || to === from ? -1 : to;
}

/** Where the encoded signature starts; -1 when there is none (or the id was cut before it). */
function signatureAt(id: string): number {
  const at = markerAt(id);
  if (at === -1) return -1;
  const from = headerEnd(id, at);
  if (from === -1) return at + SIGNATURE_MARKER.length;
  const to = upstreamEnd(id, at, from);
  return to !== -1 && id.startsWith(SIGNATURE_MARKER, to) ? to + SIGNATURE_MARKER.length : -1;
}

/** `id` carrying the upstream's own id for the call; `id` as it is when there is none. */
export function idWithUpstreamCallId(id: string, upstreamId: string | undefined): string {
  if (upstreamId === undefined || upstreamId === "") return id;
  const plain = PLAIN_ID.test(upstreamId);
  const written = plain ? upstreamId : Buffer.from(upstreamId, "utf8").toString("base64url");
  return `${id}__fc${written.length}${plain ? "_" : "-"}${written}`;
}

/** The upstream's own id carried in a tool-call id; undefined when it has none whole. */
export function upstreamCallIdFromId(id: string): string | undefined {
  const at = markerAt(id);
  const from = at === -1 ? -1 : headerEnd(id, at);
  const to = from === -1 ? -1 : upstreamEnd(id, at, from);
  if (to === -1) return undefined;
  const written = id.slice(from, to);
  const plain = id.charCodeAt(from - 1) === PLAIN_KIND;
  return plain ? written : Buffer.from(written, "base64url").toString("utf8");
}

/** `id` carrying a thought signature, after the upstream id it carries if any; never a second one. */
export function idWithSignature(id: string, signature: string | undefined): string {
  if (signature === undefined || signature === "") return id;
  if (signatureAt(id) !== -1) return id;
  return `${id}${SIGNATURE_MARKER}${Buffer.from(signature, "base64").toString("base64url")}`;
}

/** The signature carried in an id, as the standard base64 Gemini sent; undefined when there is none. */
export function signatureFromId(id: string): string | undefined {
  return signatureFrom(id, signatureAt(id));
}

function signatureFrom(id: string, at: number): string | undefined {
  if (at === -1) return undefined;
  const encoded = id.slice(at);
  if (encoded === "" || !PLAIN_ID.test(encoded)) return undefined;
  return Buffer.from(encoded, "base64url").toString("base64");
}

/** The id's own part, without what it carries. */
export function baseToolCallId(id: string): string {
  const baseEnd = markerAt(id);
  return baseEnd === -1 ? id : id.slice(0, baseEnd);
}

/** How many characters of a carried signature are compared with the stored one (it is random past its header). */
const SAMPLE = 24;

/**
 * The signature of a replayed call whose id is `id`, when the store holds `stored` under the id's own part:
 * the one its id carries, unless a client cut the id short (then the store has it whole). The store keeps
 * the last signature saved under an id; an upstream that gives an id twice would otherwise give the older
 * call the newer signature. Compares a few characters, never decoding the same signature twice.
 */
export function signatureOfCall(id: string, stored: string | undefined): string | undefined {
  const from = signatureAt(id);
  if (from === -1) return stored;
  if (stored === undefined) return signatureFrom(id, from);
  const carried = id.length - from;
  const whole = unpaddedLength(stored);
  const same =
    carried === whole
      ? sameCharacters(
          id,
          from + whole - Math.min(SAMPLE, whole),
          stored,
          whole - Math.min(SAMPLE, whole),
          SAMPLE,
        )
      : carried < whole && sameCharacters(id, from, stored, 0, Math.min(SAMPLE, carried));
  return same ? stored : (signatureFrom(id, from) ?? stored);
}

function unpaddedLength(base64: string): number {
  let end = base64.length;
  while (end > 0 && base64.charCodeAt(end - 1) === 61 /* = */) end -= 1;
  return end;
}

/** Whether `count` characters of a base64url `url` from `urlFrom` are those of a base64 `base64` from `from`. */
function sameCharacters(url: string, urlFrom: number, base64: string, from: number, count: number): boolean {
  const end = Math.min(count, url.length - urlFrom, base64.length - from);
  for (let index = 0; index < end; index++) {
    const carried = url.charCodeAt(urlFrom + index);
    const kept = base64.charCodeAt(from + index);
    // base64url writes - and _ where base64 writes + and /.
    if (carried !== kept && !(carried === 45 && kept === 43) && !(carried === 95 && kept === 47))
      return false;
  }
  return true;
}
