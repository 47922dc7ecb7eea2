import type { TokenLogprob } from "../hub/types.js";

/** A token's log probability as OpenAI's APIs write it (chat's `logprobs.content`, Responses' `output_text`). */
export interface OpenAITokenLogprob {
  token: string;
  logprob: number;
  bytes: number[];
  top_logprobs: { token: string; logprob: number; bytes: number[] }[];
}

const bytesOf = (token: string): number[] => [...Buffer.from(token, "utf8")];

export function openaiLogprobs(tokens: readonly TokenLogprob[]): OpenAITokenLogprob[] {
  return tokens.map((token) => ({
    token: token.token,
    logprob: token.logprob,
    bytes: bytesOf(token.token),
    top_logprobs: token.top.map((top) => ({
      token: top.token,
      logprob: top.logprob,
      bytes: bytesOf(top.token),
    })),
  }));
}
