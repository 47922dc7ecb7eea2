/** Field names whose values are secrets wherever they appear in a body. */
const SECRET_FIELD =
  /^(authorization|proxy-authorization|cookie|set-cookie|api[_-]?key|x-api-key|x-goog-api-key|x-admin-key|admin[_-]?key|access[_-]?token|refresh[_-]?token|id[_-]?token|token|client[_-]?secret|secret|password|passwd|credentials?)$/i;

/** Shapes of secrets in free text: Google API keys and OAuth tokens, OpenAI-style keys, bearer headers. */
const SECRET_PATTERNS: readonly RegExp[] = [
  /AIza[0-9A-Za-z_-]{20,}/g,
  /\bya29\.[0-9A-Za-z_.-]+/g,
  /\b1\/\/0[0-9A-Za-z_-]{20,}/g,
  /\bsk-[A-Za-z0-9_-]{16,}/g,
  /\b[Bb]earer\s+[A-Za-z0-9._~+/-]{8,}=*/g,
];

const DATA_URL = /^data:([^;,]{0,100})(;base64)?,/;
const REDACTED = "[redacted]";
/** Exact secrets shorter than this are not searched for (they would match ordinary text). */
const SHORTEST_EXACT_SECRET = 8;
const MAX_DEPTH = 64;

/**
 * Turns a body into the text the request log keeps (only with log_bodies): secret fields blanked, secret
 * shapes and the known secrets (`secrets()`: agate's keys and the accounts') replaced, inline data URLs
 * shortened to their size, and the whole cut at `maxBytes`.
 */
export function redactBody(
  body: unknown,
  options: { maxBytes: number; secrets: readonly string[] },
): string | null {
  if (body === undefined || body === null) return null;
  let text: string;
  if (typeof body === "string") text = body;
  else if (Buffer.isBuffer(body)) text = body.toString("utf8");
  else text = JSON.stringify(redactValue(body, 0)) ?? "";
  return cut(redactText(text, options.secrets), options.maxBytes);
}

/** Free text with the shapes of secrets and the known `secrets` replaced by `[redacted]`. */
export function redactText(text: string, secrets: readonly (string | undefined)[]): string {
  let redacted = text;
  for (const pattern of SECRET_PATTERNS) redacted = redacted.replace(pattern, REDACTED);
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= SHORTEST_EXACT_SECRET)
      redacted = redacted.split(secret).join(REDACTED);
  }
  return redacted;
}

function redactValue(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) return "[too deep]";
  if (typeof value === "string") return shortenDataUrl(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (typeof value !== "object" || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    Object.defineProperty(copy, key, {
      value:
        SECRET_FIELD.test(key) && child !== null && child !== "" ? REDACTED : redactValue(child, depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

function shortenDataUrl(value: string): string {
  const match = DATA_URL.exec(value);
  if (match === null) return value;
  return `data:${match[1] ?? ""}${match[2] ?? ""},[${value.length - match[0].length} characters]`;
}

function cut(text: string, maxBytes: number): string {
  const bytes = Buffer.byteLength(text);
  if (bytes <= maxBytes) return text;
  const kept = Buffer.from(text)
    .subarray(0, maxBytes)
    .toString("utf8")
    .replace(/\uFFFD$/, "");
  return `${kept}…[cut: ${bytes - maxBytes} more bytes]`;
}
