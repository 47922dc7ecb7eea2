import { invalidRequest } from "../../errors.js";
import type { ResponsesRequest } from "./request-schema.js";

const MIN_OUTPUT_TOKENS = 16;
const MAX_METADATA_PAIRS = 16;
const MAX_METADATA_KEY = 64;
const MAX_METADATA_VALUE = 512;

/**
 * Limits OpenAI sets on a Responses request that Gemini would not check, refused with the 400 OpenAI gives (its
 * message, `param` and `code`), so that a request agate answers is one OpenAI would answer too: at least 16
 * output tokens; at most 16 metadata pairs, keys of at most 64 characters and values of at most 512.
 * Characters are counted as code points, not UTF-16 units.
 */
export function refuseOverLimits(body: ResponsesRequest): void {
  const tokens = body.max_output_tokens;
  if (tokens != null && tokens < MIN_OUTPUT_TOKENS) {
    throw invalidRequest(
      `Invalid 'max_output_tokens': integer below minimum value. Expected a value >= ${MIN_OUTPUT_TOKENS}, but got ${tokens} instead.`,
      "max_output_tokens",
      "integer_below_min_value",
    );
  }
  if (body.metadata != null) refuseMetadataOverLimits(body.metadata);
}

function refuseMetadataOverLimits(metadata: Record<string, string>): void {
  const entries = Object.entries(metadata);
  if (entries.length > MAX_METADATA_PAIRS) {
    throw invalidRequest(
      `Invalid 'metadata': too many properties. Expected an object with at most ${MAX_METADATA_PAIRS} properties, but got an object with ${entries.length} properties instead.`,
      "metadata",
      "object_above_max_properties",
    );
  }
  for (const [key, value] of entries) {
    const keyLength = lengthOver(key, MAX_METADATA_KEY);
    if (keyLength !== undefined) {
      throw invalidRequest(
        `Invalid property name in 'metadata': '${key}' is too long. Expected a string with maximum length ${MAX_METADATA_KEY}, but got a string with length ${keyLength} instead.`,
        `metadata.${key}`,
        "property_name_above_max_length",
      );
    }
    const valueLength = lengthOver(value, MAX_METADATA_VALUE);
    if (valueLength !== undefined) {
      throw invalidRequest(
        `Invalid 'metadata.${key}': string too long. Expected a string with maximum length ${MAX_METADATA_VALUE}, but got a string with length ${valueLength} instead.`,
        `metadata.${key}`,
        "string_above_max_length",
      );
    }
  }
}

/** The length of `text` in code points when it is over `limit`; else undefined (counted only when it may be). */
function lengthOver(text: string, limit: number): number | undefined {
  // A string of at most `limit` UTF-16 units holds at most as many code points.
  if (text.length <= limit) return undefined;
  let count = 0;
  for (const _ of text) count++;
  return count > limit ? count : undefined;
}
