import type { GenerateEvent, GenerateRequest } from "../../hub/types.js";
import type { Account } from "../../pool/account.js";
import { decodeWholeBody, toUpstreamError } from "../send-request.js";
import type { UpstreamResponse } from "../upstream-call.js";
import { parseUpstreamJson } from "../upstream-json.js";
import { answerAskedBy, GeminiResponseDecoder } from "./decode-response.js";
import { completePerChoice, streamPerChoice } from "./one-call-per-choice.js";
import { GeminiStreamDecoder } from "./stream-decoder.js";
import type { GeminiResponse } from "./wire-types.js";

/** The two generation methods: a whole answer, or one streamed as SSE. */
export type GenerateContentMethod = "generateContent" | "streamGenerateContent?alt=sse";

/**
 * What sets one upstream that speaks Gemini's GenerateContent apart from another (the Gemini API, Cloud Code
 * with its envelope): how a call is sent, and where the answer sits in what comes back.
 */
export interface GenerateContentWire {
  /** Sends the request to `method` on the account; the 2xx response, or a thrown UpstreamError. */
  send(
    account: Account,
    request: GenerateRequest,
    method: GenerateContentMethod,
    signal: AbortSignal,
  ): Promise<UpstreamResponse>;
  /**
   * The GenerateContentResponse in one JSON value (a whole body, an SSE data line); an error object in its
   * place throws as an UpstreamError. A plain function: it is passed on unbound.
   */
  unwrap: (data: unknown) => GeminiResponse;
}

/**
 * The generation calls of an upstream that speaks GenerateContent, the same for every such upstream: one call,
 * or on Gemini 3 one per choice asked (one-call-per-choice.ts); a stream decoded chunk by chunk, or a whole
 * answer read at once. The clients' `generate` and `complete` are these.
 */
export class GenerateContentCalls {
  constructor(
    private readonly wire: GenerateContentWire,
    private readonly newToolCallId: () => string,
  ) {}

  generate(account: Account, request: GenerateRequest, signal: AbortSignal): AsyncIterable<GenerateEvent> {
    return streamPerChoice(request, signal, (one, callSignal) => this.streamOne(account, one, callSignal));
  }

  complete(account: Account, request: GenerateRequest, signal: AbortSignal): Promise<GenerateEvent[]> {
    return completePerChoice(request, signal, (one, callSignal) =>
      this.completeOne(account, one, callSignal),
    );
  }

  /** One call read through the stream interface: streamed when the request is, else its whole answer. */
  private async *streamOne(
    account: Account,
    request: GenerateRequest,
    signal: AbortSignal,
  ): AsyncGenerator<GenerateEvent> {
    if (!request.stream) {
      yield* await this.completeOne(account, request, signal);
      return;
    }
    const response = await this.wire.send(account, request, "streamGenerateContent?alt=sse", signal);
    const decoder = new GeminiStreamDecoder(this.newToolCallId, answerAskedBy(request), this.wire.unwrap);
    try {
      for await (const bytes of response.body) for (const event of decoder.push(bytes)) yield event;
      for (const event of decoder.end()) yield event;
    } catch (error) {
      // What the stream reported it had spent goes on before its failure (the pool counts it as billed).
      const usage = decoder.usageSoFar();
      if (usage !== undefined) yield usage;
      throw toUpstreamError(error, signal);
    } finally {
      if (!response.body.destroyed) response.body.destroy();
    }
  }

  private async completeOne(
    account: Account,
    request: GenerateRequest,
    signal: AbortSignal,
  ): Promise<GenerateEvent[]> {
    const response = await this.wire.send(account, request, "generateContent", signal);
    return decodeWholeBody(response, signal, (text) =>
      decodeWholeAnswer(
        text,
        this.wire.unwrap,
        new GeminiResponseDecoder(this.newToolCallId, answerAskedBy(request)),
      ),
    );
  }
}

/**
 * A whole answer's body → its events: parsed, unwrapped (an error object in the answer's place throws as the
 * failure it says) and decoded, which must finish a candidate (GeminiResponseDecoder.decodeWhole).
 */
export function decodeWholeAnswer(
  text: string,
  unwrap: (data: unknown) => GeminiResponse,
  decoder: GeminiResponseDecoder,
): GenerateEvent[] {
  return decoder.decodeWhole(unwrap(parseUpstreamJson(text)), text);
}
