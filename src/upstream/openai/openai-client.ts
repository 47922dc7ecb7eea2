import type { Dispatcher } from "undici";
import type { AgateError } from "../../errors.js";
import type { GenerateEvent, GenerateRequest } from "../../hub/types.js";
import type { Account } from "../../pool/account.js";
import { decodeWholeBody, sendUpstreamRequest, toUpstreamError } from "../send-request.js";
import { SseJsonDecoder } from "../sse-events.js";
import type { UpstreamClient, UpstreamModel } from "../types.js";
import { UpstreamError } from "../upstream-error.js";
import { parseUpstreamJson, throwIfErrorPayload } from "../upstream-json.js";
import { ChatResponseDecoder } from "./decode-response.js";
import { encodeChatRequest } from "./encode-request.js";
import { refusedTool } from "./refused-tools.js";
import type { ChatModelList, ChatResponse } from "./wire-types.js";

export interface OpenAICompatibleClientOptions {
  dispatcherFor: (account: Account) => Dispatcher;
  newToolCallId: () => string;
}

/**
 * Any OpenAI-compatible server (upstreams.md §D): the request passes through as Chat Completions with the
 * mapped model and the account's own key; its JSON or SSE answer comes back as hub events.
 */
export class OpenAICompatibleClient implements UpstreamClient {
  constructor(private readonly options: OpenAICompatibleClientOptions) {}

  /** A tool only Gemini serves (refused-tools.ts): the pool passes the account over, no call made. */
  refusal(_account: Account, request: GenerateRequest): AgateError | undefined {
    return refusedTool(request);
  }

  async *generate(
    account: Account,
    request: GenerateRequest,
    signal: AbortSignal,
  ): AsyncGenerator<GenerateEvent> {
    if (!request.stream) {
      yield* await this.complete(account, request, signal);
      return;
    }
    const response = await this.send(account, request, signal);
    const decoder = new ChatResponseDecoder(this.options.newToolCallId);
    try {
      const eventsOf = function* (batch: Iterable<unknown>): Generator<GenerateEvent> {
        for (const data of batch) {
          if (data === undefined) continue;
          throwIfErrorPayload(data);
          yield* decoder.decode(data as ChatResponse);
        }
      };
      const sse = new SseJsonDecoder();
      for await (const bytes of response.body) for (const event of eventsOf(sse.push(bytes))) yield event;
      for (const event of eventsOf(sse.end())) yield event;
      if (!decoder.complete) {
        throw new UpstreamError("upstream stream ended without a finish reason", { kind: "stream" });
      }
    } catch (error) {
      throw toUpstreamError(error, signal);
    } finally {
      if (!response.body.destroyed) response.body.destroy();
    }
  }

  async complete(account: Account, request: GenerateRequest, signal: AbortSignal): Promise<GenerateEvent[]> {
    const response = await this.send(account, request, signal);
    return decodeWholeBody(response, signal, (text) =>
      new ChatResponseDecoder(this.options.newToolCallId).decode(parseUpstreamJson(text) as ChatResponse),
    );
  }

  private send(account: Account, request: GenerateRequest, signal: AbortSignal) {
    return sendUpstreamRequest(this.options.dispatcherFor(account), {
      url: `${baseUrl(account)}/chat/completions`,
      method: "POST",
      headers: { ...headersFor(account), "content-type": "application/json" },
      body: JSON.stringify(encodeChatRequest(request)),
      signal,
    });
  }

  async listModels(account: Account, signal: AbortSignal): Promise<UpstreamModel[]> {
    if (account.models !== undefined) return account.models.map((id) => ({ id }));
    const response = await sendUpstreamRequest(this.options.dispatcherFor(account), {
      url: `${baseUrl(account)}/models`,
      method: "GET",
      headers: headersFor(account),
      signal,
    });
    const list = parseUpstreamJson(await response.body.text()) as ChatModelList;
    return (list.data ?? []).flatMap((model) => {
      if (typeof model.id !== "string") return [];
      const owner = model.owned_by;
      return [
        typeof owner === "string" && owner !== "" ? { id: model.id, ownedBy: owner } : { id: model.id },
      ];
    });
  }
}

const baseUrl = (account: Account): string => (account.baseUrl ?? "").replace(/\/+$/, "");

function headersFor(account: Account): Record<string, string> {
  const key = account.credentials.apiKey;
  return key === ""
    ? { accept: "application/json" }
    : { accept: "application/json", authorization: `Bearer ${key}` };
}
