import { invalidRequest } from "../errors.js";
import type { Part } from "../hub/types.js";

/** Content rules every client protocol shares: media URLs, tool arguments and tool outputs. */

const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+)(?:;[\w-]+=[^;,]*)*;base64,([A-Za-z0-9+/=\s]*)$/i;
/** Media types clients write that Gemini refuses ("Unsupported MIME type: image/jpg"), as Gemini names them. */
const MIME_ALIASES: Readonly<Record<string, string>> = { "image/jpg": "image/jpeg" };
const BASE64 = /^[A-Za-z0-9+/=\s]+$/;
export const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  heic: "image/heic",
  pdf: "application/pdf",
  mp3: "audio/mp3",
  wav: "audio/wav",
  txt: "text/plain",
};

/** data: URLs become inline bytes; http(s) URLs are passed by reference; nothing else (never a local file). */
export function mediaFromUrl(url: string, param: string, fallbackMime = "image/jpeg"): Part {
  const data = DATA_URL.exec(url);
  if (data !== null) {
    const mimeType = (data[1] ?? "application/octet-stream").toLowerCase();
    return { type: "media", mimeType: MIME_ALIASES[mimeType] ?? mimeType, data: data[2] ?? "" };
  }
  if (/^https?:\/\//i.test(url)) {
    const extension = /\.(\w+)(?:[?#]|$)/.exec(url)?.[1]?.toLowerCase() ?? "";
    return { type: "media", mimeType: MIME_BY_EXTENSION[extension] ?? fallbackMime, url };
  }
  throw invalidRequest(
    `'${param}' must be a base64 data: URL or an http(s) URL.`,
    param,
    "invalid_image_url",
  );
}

/** Raw base64 (not a data: URL) with a type guessed from the file name. */
export function mediaFromBase64(data: string, filename: string | undefined, param: string): Part {
  if (!BASE64.test(data)) throw invalidRequest(`'${param}' must be base64.`, param, "invalid_base64");
  const extension = /\.(\w+)$/.exec(filename ?? "")?.[1]?.toLowerCase() ?? "";
  return { type: "media", mimeType: MIME_BY_EXTENSION[extension] ?? "application/pdf", data };
}

export function checkBase64(data: string, param: string): string {
  if (!BASE64.test(data)) throw invalidRequest(`'${param}' must be base64.`, param, "invalid_base64");
  return data;
}

/** A tool's output: JSON when it parses as a JSON object or array, else the text itself. */
export function toolOutput(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return text;
    }
  }
  return text;
}
