import type { UsageMetadata } from "./types.js";

/** Everything here is JSON-serialisable so `POST /__sim/script` can take it. */

export interface SimFunctionCall {
  name: string;
  args: Record<string, unknown>;
  /** Gemini 3 models make one up when it is left out; null: the call has none. */
  id?: string | null;
}

/**
 * What a grounded answer (the request had `googleSearch`) searched and cites. Without it, such an answer
 * gets a default grounding (simulator/grounding.ts); it is ignored when the request did not search.
 */
export interface SimGrounding {
  queries?: string[];
  /** The pages found; `uri` defaults to a grounding-api-redirect URL made from the title. */
  sources?: { uri?: string; title: string }[];
  /** Passages of the reply's text (located in it), each supported by these pages (indices in `sources`). */
  supports?: { text: string; sources: number[] }[];
}

/**
 * Code the model runs (the request had `codeExecution`), before the reply's text. It is ignored when the
 * request did not enable code execution, as Gemini runs none then.
 */
export interface SimCode {
  /** Text before the code ("Let me work that out."). */
  preface?: string;
  code: string;
  /** One per run; `outcome` defaults to OUTCOME_OK. */
  results?: { outcome?: string; output: string }[];
}

export interface SimReply {
  text?: string;
  thought?: string;
  functionCalls?: SimFunctionCall[];
  /**
   * thoughtSignature on the first functionCall part (else the last text part); true = generate one. Left
   * out, a Gemini 3 reply without function calls gets one (as Gemini 3 signs its answers); false: none.
   */
  signature?: boolean | string;
  finishReason?: string;
  usage?: Partial<UsageMetadata>;
  candidates?: number;
  /** The prompt was blocked: promptFeedback.blockReason and no candidates. */
  blockReason?: string;
  grounding?: SimGrounding;
  code?: SimCode;
}

export interface SimErrorResponse {
  status: number;
  /** Default: the Google error for the status. A string is sent as is (text/html when it starts with "<"). */
  body?: unknown;
  headers?: Record<string, string>;
}

export type SimFault =
  | { fault: "reset" }
  | { fault: "hang" }
  | { fault: "cut"; afterChunks: number }
  | { fault: "malformed-json" }
  | { fault: "malformed-sse"; afterChunks?: number }
  /** `body` replaces the default 500 INTERNAL error object. */
  | { fault: "stream-error"; afterChunks?: number; body?: unknown };

export type SimResponse = { reply: SimReply } | { error: SimErrorResponse } | SimFault;

export type SimOperation =
  | "generateContent"
  | "streamGenerateContent"
  | "countTokens"
  | "listModels"
  | "getModel"
  | "loadCodeAssist"
  | "onboardUser"
  | "fetchAvailableModels";

export interface SimMatch {
  model?: string;
  apiKey?: string;
  accessToken?: string;
  kind?: "gemini" | "cloudcode";
  stream?: boolean;
  /** Without it a rule only matches generateContent and streamGenerateContent. */
  operation?: SimOperation;
}

export interface SimRule {
  match?: SimMatch;
  /** Default 1; each use consumes one. `forever: true` (or `times: 0`) = always. */
  times?: number;
  forever?: boolean;
  /** Before the response headers. */
  delayMs?: number;
  /** Between stream chunks. */
  chunkDelayMs?: number;
  respond: SimResponse;
}
