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
