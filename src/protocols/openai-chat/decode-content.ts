import { invalidRequest } from "../../errors.js";
import type { Part } from "../../hub/types.js";
import { checkBase64, mediaFromBase64, mediaFromUrl } from "../shared-content.js";
import type { ChatContentPart } from "./request-schema.js";

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
      return {
        type: "media",
        mimeType,
        data: checkBase64(part.input_audio.data, `${param}.input_audio.data`),
      };
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
      return mediaFromBase64(data, part.file.filename, `${param}.file.file_data`);
    }
  }
}
