/**
 * Gemini 3 needs the thought signature of a function call back on that call in later turns. Clients only
 * send back what OpenAI defines, so the signature rides inside the tool-call id the client sees:
 * `<id>__ts_<signature as base64url>`. The store keeps it too, keyed by the id's own part (before the
 * marker), which survives a client that truncates long ids.
 */
const MARKER = "__ts_";

export function idWithSignature(id: string, signature: string | undefined): string {
  if (signature === undefined || signature === "" || id.includes(MARKER)) return id;
  return `${id}${MARKER}${Buffer.from(signature, "base64").toString("base64url")}`;
}

/** The signature carried in an id, as the standard base64 Gemini sent; undefined when there is none. */
export function signatureFromId(id: string): string | undefined {
  const at = id.indexOf(MARKER);
  if (at === -1) return undefined;
  const encoded = id.slice(at + MARKER.length);
  if (encoded === "" || !/^[A-Za-z0-9_-]+$/.test(encoded)) return undefined;
  return Buffer.from(encoded, "base64url").toString("base64");
}

/** The id without the signature it carries. */
export function baseToolCallId(id: string): string {
  const at = id.indexOf(MARKER);
  return at === -1 ? id : id.slice(0, at);
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
  const at = id.indexOf(MARKER);
  if (at === -1) return stored;
  if (stored === undefined) return signatureFromId(id);
  const from = at + MARKER.length;
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
  return same ? stored : (signatureFromId(id) ?? stored);
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
