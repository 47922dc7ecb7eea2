import type { Dispatcher } from "undici";
import type { AgateError } from "../../errors.js";
import type { GenerateEvent, GenerateRequest } from "../../hub/types.js";
import type { Account } from "../../pool/account.js";
import { decodeWholeBody, sendUpstreamRequest, toUpstreamError } from "../send-request.js";
import type { UpstreamClient, UpstreamModel } from "../types.js";
import { parseUpstreamJson, throwIfErrorPayload } from "../upstream-json.js";
import { answerAskedBy, GeminiResponseDecoder } from "./decode-response.js";
import { encodeGeminiRequest, geminiRequestJson } from "./encode-request.js";
import { ConvertedToolLists } from "./encode-tools.js";
import { completePerChoice, streamPerChoice } from "./one-call-per-choice.js";
import { refusedSetting } from "./refused-settings.js";
import { GeminiStreamDecoder } from "./stream-decoder.js";
import type { GeminiModelList, GeminiResponse } from "./wire-types.js";

export const DEFAULT_GEMINI_BASE_URL = "https://generativelanguage.googleapis.com";

export interface GeminiClientOptions {
  newToolCallId: () => string;
}

/** The Gemini API (API-key accounts): key in `x-goog-api-key`, never in the URL. */
export class GeminiClient implements UpstreamClient {
  private readonly toolLists = new ConvertedToolLists();

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly options: GeminiClientOptions,
  ) {}

  /** What the routed model's family refuses (refused-settings.ts): the pool passes the account over, no call made. */
  refusal(_account: Account, request: GenerateRequest): AgateError | undefined {
    return refusedSetting(request);
  }

  /** One call, or on Gemini 3 one per choice asked (one-call-per-choice.ts). */
  generate(account: Account, request: GenerateRequest, signal: AbortSignal): AsyncIterable<GenerateEvent> {
    return streamPerChoice(request, signal, (one, callSignal) => this.generateOne(account, one, callSignal));
  }

  complete(account: Account, request: GenerateRequest, signal: AbortSignal): Promise<GenerateEvent[]> {
    return completePerChoice(request, signal, (one, callSignal) =>
      this.completeOne(account, one, callSignal),
    );
  }

  private async *generateOne(
    account: Account,
    request: GenerateRequest,
    signal: AbortSignal,
  ): AsyncGenerator<GenerateEvent> {
    if (!request.stream) {
      yield* await this.completeOne(account, request, signal);
      return;
    }
    const response = await this.send(account, request, "streamGenerateContent?alt=sse", signal);
    const decoder = new GeminiStreamDecoder(this.options.newToolCallId, answerAskedBy(request));
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
    const response = await this.send(account, request, "generateContent", signal);
    return decodeWholeBody(response, signal, (text) => {
      // An error object in a 200's place is the failure it says, as in a stream and on Cloud Code.
      const data = parseUpstreamJson(text);
      throwIfErrorPayload(data);
      const decoder = new GeminiResponseDecoder(this.options.newToolCallId, answerAskedBy(request));
      return decoder.decodeWhole(data as GeminiResponse, text);
    });
  }

  private send(account: Account, request: GenerateRequest, method: string, signal: AbortSignal) {
    return sendUpstreamRequest(this.dispatcher, {
      url: `${baseUrl(account)}/v1beta/models/${modelPath(request.model)}:${method}`,
      method: "POST",
      headers: headersFor(account),
      body: geminiRequestJson(encodeGeminiRequest(request, this.toolLists), this.toolLists),
      signal,
    });
  }

  async listModels(account: Account, signal: AbortSignal): Promise<UpstreamModel[]> {
    const models: UpstreamModel[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < 20; page++) {
      const query = new URLSearchParams({ pageSize: "1000" });
      if (pageToken !== undefined) query.set("pageToken", pageToken);
      const response = await sendUpstreamRequest(this.dispatcher, {
        url: `${baseUrl(account)}/v1beta/models?${query}`,
        method: "GET",
        headers: headersFor(account),
        signal,
      });
      const list = parseUpstreamJson(await response.body.text()) as GeminiModelList;
      for (const model of list.models ?? []) {
        const generates = model.supportedGenerationMethods?.includes("generateContent") ?? true;
        if (model.name !== undefined && generates) models.push({ id: model.name.replace(/^models\//, "") });
      }
      pageToken = list.nextPageToken;
      if (pageToken === undefined || pageToken === "") break;
    }
    return models;
  }
}

const baseUrl = (account: Account): string =>
  (account.baseUrl ?? DEFAULT_GEMINI_BASE_URL).replace(/\/+$/, "");

const modelPath = (model: string): string => encodeURIComponent(model.replace(/^models\//, ""));

function headersFor(account: Account): Record<string, string> {
  return { "content-type": "application/json", "x-goog-api-key": account.credentials.apiKey };
}
