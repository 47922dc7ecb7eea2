import { invalidRequest } from "../../errors.js";
import type { Part } from "../../hub/types.js";
import type { ChatContentPart } from "./request-schema.js";

const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+)(?:;[\w-]+=[^;,]*)*;base64,([A-Za-z0-9+/=\s]*)$/;
const BASE64 = /^[A-Za-z0-9+/=\s]+$/;
const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  heic: "image/heic",
  pdf: "application/pdf",
  mp3: "audio/mp3",
  wav: "audio/wav",
};
const AUDIO_MIME: Readonly<Record<string, string>> = {
  wav: "audio/wav",
  mp3: "audio/mp3",
  mpeg: "audio/mpeg",
  flac: "audio/flac",
  ogg: "audio/ogg",
  aac: "audio/aac",
  aiff: "audio/aiff",
  pcm16: "audio/pcm",
};

/** One content part of a user message → hub part. `param` names it in errors. */
export function decodeContentPart(part: ChatContentPart, param: string): Part {
  switch (part.type) {
    case "text":
      return { type: "text", text: part.text };
    case "image_url":
      return mediaFromUrl(part.image_url.url, `${param}.image_url.url`);
    case "input_audio": {
      const mimeType = AUDIO_MIME[part.input_audio.format.toLowerCase()];
      if (mimeType === undefined) {
        throw invalidRequest(
          `'${param}.input_audio.format' must be one of ${Object.keys(AUDIO_MIME).join(", ")}.`,
          `${param}.input_audio.format`,
        );
      }
      return { type: "media", mimeType, data: base64(part.input_audio.data, `${param}.input_audio.data`) };
    }
    case "file": {
      const data = part.file.file_data;
      if (data === undefined) {
        throw invalidRequest(
          `'${param}.file.file_data' is required: agate cannot read OpenAI file ids; send the file inline as a data: URL.`,
          `${param}.file.file_data`,
        );
      }
      if (data.startsWith("data:")) return mediaFromUrl(data, `${param}.file.file_data`);
      const extension = /\.(\w+)$/.exec(part.file.filename ?? "")?.[1]?.toLowerCase() ?? "";
      return {
        type: "media",
        mimeType: MIME_BY_EXTENSION[extension] ?? "application/pdf",
        data: base64(data, `${param}.file.file_data`),
      };
    }
  }
}

/** data: URLs become inline bytes; http(s) URLs are passed by reference; nothing else (never a local file). */
function mediaFromUrl(url: string, param: string): Part {
  const data = DATA_URL.exec(url);
  if (data !== null)
    return { type: "media", mimeType: data[1] ?? "application/octet-stream", data: data[2] ?? "" };
  if (/^https?:\/\//i.test(url)) {
    const extension = /\.(\w+)(?:[?#]|$)/.exec(url)?.[1]?.toLowerCase() ?? "";
    return { type: "media", mimeType: MIME_BY_EXTENSION[extension] ?? "image/jpeg", url };
  }
  throw invalidRequest(
    `'${param}' must be a base64 data: URL or an http(s) URL.`,
    param,
    "invalid_image_url",
  );
}

function base64(data: string, param: string): string {
  if (!BASE64.test(data)) throw invalidRequest(`'${param}' must be base64.`, param, "invalid_base64");
  return data;
}
