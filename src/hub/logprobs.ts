import type { GenerateEvent, TokenLogprob } from "./types.js";

/**
 * One upstream chunk's log probabilities, on the text they are about: the last `text-delta` of `candidate`
 * among `events` from `from` on (so that a stream's client gets a token's text and its log probability in
 * the same chunk, as OpenAI sends them); a `logprobs` event of their own where the chunk had no text.
 */
export function attachLogprobs(
  events: GenerateEvent[],
  from: number,
  candidate: number,
  tokens: TokenLogprob[],
): void {
  if (tokens.length === 0) return;
  for (let index = events.length - 1; index >= from; index--) {
    const event = events[index];
    if (event?.type === "text-delta" && event.candidate === candidate) {
      event.logprobs = event.logprobs === undefined ? tokens : [...event.logprobs, ...tokens];
      return;
    }
  }
  events.push({ type: "logprobs", candidate, tokens });
}
