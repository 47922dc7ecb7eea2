import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";

export const jsonContentType = "application/json; charset=UTF-8";

export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

export interface ParsedBody {
  body: unknown;
  /** Bytes were sent but they are not valid JSON. */
  malformed: boolean;
}

/** JSON, or a form object for application/x-www-form-urlencoded; undefined when empty. */
export function parseBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  if (raw.length === 0) return { body: undefined, malformed: false };
  const text = raw.toString("utf8");
  if (contentType?.includes("application/x-www-form-urlencoded")) {
    return { body: Object.fromEntries(new URLSearchParams(text)), malformed: false };
  }
  try {
    return { body: JSON.parse(text) as unknown, malformed: false };
  } catch {
    return { body: undefined, malformed: true };
  }
}

export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendText(response, status, jsonContentType, JSON.stringify(body), headers);
}

export function sendText(
  response: ServerResponse,
  status: number,
  contentType: string,
  text: string,
  headers: Record<string, string> = {},
): void {
  if (response.destroyed || response.writableEnded) return;
  const extra = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
  );
  response.writeHead(status, {
    "content-type": contentType,
    "content-length": Buffer.byteLength(text),
    ...extra,
  });
  response.end(text);
}

/** The token of an `Authorization: Bearer <token>` header. */
export function bearerToken(authorization: string | undefined): string | undefined {
  const match = authorization === undefined ? null : /^Bearer\s+(\S+)$/i.exec(authorization);
  return match?.[1];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
