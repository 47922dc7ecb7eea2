import type { Dispatcher } from "undici";
import type { AgateError } from "../../errors.js";
import type { GenerateEvent, GenerateRequest } from "../../hub/types.js";
import type { Account } from "../../pool/account.js";
import { sendUpstreamRequest } from "../send-request.js";
import type { UpstreamClient, UpstreamModel } from "../types.js";
import { parseUpstreamJson } from "../upstream-json.js";
import { encodeGeminiRequest, geminiRequestJson } from "./encode-request.js";
import { ConvertedToolLists } from "./encode-tools.js";
import { GenerateContentCalls, type GenerateContentMethod } from "./generate-content-calls.js";
import { refusedSetting } from "./refused-settings.js";
import { bareResponse } from "./stream-decoder.js";
import type { GeminiModelList } from "./wire-types.js";

export const DEFAULT_GEMINI_BASE_URL = "https://generativelanguage.googleapis.com";

export interface GeminiClientOptions {
  newToolCallId: () => string;
}

/** The Gemini API (API-key accounts): key in `x-goog-api-key`, never in the URL. */
export class GeminiClient implements UpstreamClient {
  private readonly toolLists = new ConvertedToolLists();
  private readonly calls: GenerateContentCalls;

  constructor(
    private readonly dispatcher: Dispatcher,
    options: GeminiClientOptions,
  ) {
    const wire = { send: this.send.bind(this), unwrap: bareResponse };
    this.calls = new GenerateContentCalls(wire, options.newToolCallId);
  }

  /** What the routed model's family refuses (refused-settings.ts): the pool passes the account over, no call made. */
  refusal(_account: Account, request: GenerateRequest): AgateError | undefined {
    return refusedSetting(request);
  }

  /** One call, or on Gemini 3 one per choice asked (generate-content-calls.ts). */
  generate(account: Account, request: GenerateRequest, signal: AbortSignal): AsyncIterable<GenerateEvent> {
    return this.calls.generate(account, request, signal);
  }

  complete(account: Account, request: GenerateRequest, signal: AbortSignal): Promise<GenerateEvent[]> {
    return this.calls.complete(account, request, signal);
  }

  /** A generation call: the bare request to the model's method, the key in a header. */
  private send(
    account: Account,
    request: GenerateRequest,
    method: GenerateContentMethod,
    signal: AbortSignal,
  ) {
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
