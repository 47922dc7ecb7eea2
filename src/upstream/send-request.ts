import type { Dispatcher } from "undici";
import { parseGoogleError } from "./google-error.js";
import { parseOpenAIError } from "./openai-error.js";
import { errors } from "./undici-parts.js";
import { callUpstream, type UpstreamBody, type UpstreamResponse } from "./upstream-call.js";
import { UpstreamError } from "./upstream-error.js";

export interface UpstreamHttpRequest {
  url: string;
  method: "GET" | "POST";
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

const MAX_ERROR_BODY = 64 * 1024;

/**
 * Sends one upstream request and returns the response when its status is 2xx. Anything else becomes a typed
 * UpstreamError (HTTP status with the parsed Google or OpenAI error, network failure, or timeout); an abort by our own
 * signal is rethrown as it is, so nobody retries a request whose client went away.
 */
export async function sendUpstreamRequest(
  dispatcher: Dispatcher,
  request: UpstreamHttpRequest,
): Promise<UpstreamResponse> {
  let response: UpstreamResponse;
  try {
    const { origin, path } = splitUrl(request.url);
    response = await callUpstream(dispatcher, {
      origin,
      path,
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      signal: request.signal,
    });
  } catch (error) {
    throw toUpstreamError(error, request.signal);
  }
  if (response.statusCode < 300) return response;
  const rawBody = await readBounded(response.body).catch(() => "");
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    parsed = undefined;
  }
  const google = parseGoogleError(parsed);
  const openai = parseOpenAIError(parsed);
  const retryAfter = retryAfterMs(response.headers["retry-after"]);
  throw new UpstreamError(google?.message ?? `upstream answered HTTP ${response.statusCode}`, {
    kind: "http",
    status: response.statusCode,
    rawBody,
    ...(google === undefined ? {} : { google }),
    ...(openai === undefined ? {} : { openai }),
    ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }),
  });
}

/**
 * Origin and path of an absolute http(s) URL, without a URL object on the hot path: the URLs come from
 * agate's own base URLs. Anything unusual (userinfo, no path, dot segments, escapes) goes through URL.
 */
export function splitUrl(url: string): { origin: string; path: string } {
  const scheme = url.indexOf("://");
  const slash = scheme < 0 ? -1 : url.indexOf("/", scheme + 3);
  const authority = slash < 0 ? "" : url.slice(scheme + 3, slash);
  const unusual =
    slash < 0 || authority.includes("@") || /[A-Z]/.test(url.slice(0, slash)) || /\/\.|[\s\\#%]/.test(url);
  if (unusual) {
    const parsed = new URL(url);
    return { origin: parsed.origin, path: parsed.pathname + parsed.search };
  }
  return { origin: url.slice(0, slash), path: url.slice(slash) };
}

async function readBounded(body: UpstreamBody): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const buffer of body) {
    if (size + buffer.length > MAX_ERROR_BODY) {
      chunks.push(buffer.subarray(0, MAX_ERROR_BODY - size));
      body.destroy();
      break;
    }
    chunks.push(buffer);
    size += buffer.length;
  }
  return Buffer.concat(chunks).toString("utf8");
}

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * A 2xx answer's body read whole and decoded (a call that is not streamed); a failure while reading or
 * decoding becomes an UpstreamError, and the body is closed whatever happens.
 */
export async function decodeWholeBody<T>(
  response: UpstreamResponse,
  signal: AbortSignal,
  decode: (text: string) => T,
): Promise<T> {
  try {
    return decode(await response.body.text());
  } catch (error) {
    throw toUpstreamError(error, signal);
  } finally {
    if (!response.body.destroyed) response.body.destroy();
  }
}

/** Maps a thrown transport error to an UpstreamError; our own abort stays an abort. */
export function toUpstreamError(error: unknown, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason ?? error;
  if (error instanceof UpstreamError) return error;
  if (
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    error instanceof errors.ConnectTimeoutError
  ) {
    return new UpstreamError(`upstream timed out: ${error.message}`, { kind: "timeout", cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new UpstreamError(`upstream connection failed: ${message}`, { kind: "network", cause: error });
}
