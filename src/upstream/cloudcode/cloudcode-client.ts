import { createHash } from "node:crypto";
import type { Dispatcher } from "undici";
import type { AgateError } from "../../errors.js";
import type { GenerateEvent, GenerateRequest } from "../../hub/types.js";
import type { Account } from "../../pool/account.js";
import type { DeferredWrites } from "../../store/deferred-writes.js";
import type { OAuthStateRepository } from "../../store/oauth-state-repository.js";
import { encodeGeminiRequest, geminiRequestJson } from "../gemini/encode-request.js";
import { ConvertedToolLists } from "../gemini/encode-tools.js";
import { GenerateContentCalls, type GenerateContentMethod } from "../gemini/generate-content-calls.js";
import { refusedSetting } from "../gemini/refused-settings.js";
import type { AccessTokens } from "../oauth/access-tokens.js";
import { sendUpstreamRequest, toUpstreamError } from "../send-request.js";
import type { RenewedFrom, UpstreamClient, UpstreamModel, UpstreamModelList } from "../types.js";
import { UpstreamError } from "../upstream-error.js";
import { parseUpstreamJson } from "../upstream-json.js";
import { decodeAvailableModels } from "./available-models.js";
import { BaseUrlFallback } from "./base-url-fallback.js";
import { unwrapEnvelope } from "./decode-envelopes.js";
import { ProjectDiscovery } from "./project-discovery.js";
import type { AvailableModelsResponse, CodeAssistEnvelope } from "./wire-types.js";

export interface CloudCodeClientOptions {
  dispatcherFor: (account: Account) => Dispatcher;
  tokens: AccessTokens;
  /** Endpoints tried in order for accounts that declare none. */
  baseUrls: readonly string[];
  newToolCallId: () => string;
  newRequestId: () => string;
  userAgent: string;
  state?: OAuthStateRepository;
  writes?: DeferredWrites;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/**
 * Cloud Code Assist `v1internal` (OAuth accounts, upstreams.md §B): the Gemini request in an envelope with
 * the account's project, a bearer token that is refreshed ahead of expiry, and a list of endpoints tried in
 * turn on 404/408/5xx/network failures.
 */
export class CloudCodeClient implements UpstreamClient {
  private readonly fallback = new BaseUrlFallback();
  private readonly toolLists = new ConvertedToolLists();
  private readonly projects: ProjectDiscovery;
  private readonly calls: GenerateContentCalls;

  constructor(private readonly options: CloudCodeClientOptions) {
    const wire = { send: this.send.bind(this), unwrap: unwrapEnvelope };
    this.calls = new GenerateContentCalls(wire, options.newToolCallId);
    this.projects = new ProjectDiscovery({
      call: (account, operation, body, signal) => this.postJson(account, operation, body, signal),
      ...(options.state === undefined ? {} : { state: options.state }),
      ...(options.writes === undefined ? {} : { writes: options.writes }),
      ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
    });
  }

  /** What the routed model's family refuses (refused-settings.ts): the pool passes the account over, no call made. */
  refusal(_account: Account, request: GenerateRequest): AgateError | undefined {
    return refusedSetting(request);
  }

  /** One call, or on Gemini 3 one per choice asked (gemini/generate-content-calls.ts). */
  generate(account: Account, request: GenerateRequest, signal: AbortSignal): AsyncIterable<GenerateEvent> {
    return this.calls.generate(account, request, signal);
  }

  complete(account: Account, request: GenerateRequest, signal: AbortSignal): Promise<GenerateEvent[]> {
    return this.calls.complete(account, request, signal);
  }

  /** A generation call: the request in its envelope, with the account's project (found once, then kept). */
  private async send(
    account: Account,
    request: GenerateRequest,
    method: GenerateContentMethod,
    signal: AbortSignal,
  ) {
    const project = await this.projects.projectFor(account, signal);
    return this.post(account, method, this.envelopeJson(this.envelope(request, project)), signal);
  }

  async listModels(account: Account, signal: AbortSignal): Promise<UpstreamModel[]> {
    return (await this.listModelDetails(account, signal)).models;
  }

  /** fetchAvailableModels; a 401 (token revoked early) gets one refresh and one more try, as requests do. */
  async listModelDetails(account: Account, signal: AbortSignal): Promise<UpstreamModelList> {
    const fetchModels = async () => {
      const project = await this.projects.projectFor(account, signal);
      const body = await this.postJson(account, "fetchAvailableModels", { project }, signal);
      return decodeAvailableModels((body ?? {}) as AvailableModelsResponse);
    };
    try {
      return await fetchModels();
    } catch (error) {
      if (!(error instanceof UpstreamError) || error.status !== 401) throw error;
      await this.options.tokens.refresh(account, signal);
      return fetchModels();
    }
  }

  async refresh(account: Account, signal: AbortSignal): Promise<RenewedFrom> {
    return (await this.options.tokens.refresh(account, signal)).from;
  }

  private envelope(request: GenerateRequest, project: string): CodeAssistEnvelope {
    const inner: CodeAssistEnvelope["request"] = encodeGeminiRequest(request, this.toolLists);
    if (request.sessionKey !== undefined) inner.sessionId = sessionIdFor(request.sessionKey);
    return {
      model: request.model.replace(/^models\//, ""),
      project,
      request: inner,
      requestId: this.options.newRequestId(),
      userAgent: this.options.userAgent,
      requestType: "agent",
    };
  }

  /** The envelope's JSON, its request's kept tool list spliced in (geminiRequestJson). */
  private envelopeJson(envelope: CodeAssistEnvelope): string {
    const { request, ...head } = envelope;
    return `${JSON.stringify(head).slice(0, -1)},"request":${geminiRequestJson(request, this.toolLists)}}`;
  }

  private async post(account: Account, operation: string, body: string, signal: AbortSignal) {
    const token = await this.options.tokens.get(account, signal);
    const bases = account.baseUrls ?? this.options.baseUrls;
    return this.fallback.send(account.id, bases, (base) =>
      sendUpstreamRequest(this.options.dispatcherFor(account), {
        url: `${base.replace(/\/+$/, "")}/v1internal:${operation}`,
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${token}`,
          "user-agent": this.options.userAgent,
        },
        body,
        signal,
      }),
    );
  }

  private async postJson(
    account: Account,
    operation: string,
    body: unknown,
    signal: AbortSignal,
  ): Promise<unknown> {
    const response = await this.post(account, operation, JSON.stringify(body), signal);
    try {
      return parseUpstreamJson(await response.body.text());
    } catch (error) {
      throw toUpstreamError(error, signal);
    }
  }
}

/** A stable, opaque session id for Cloud Code from the conversation's key (never the key itself). */
function sessionIdFor(sessionKey: string): string {
  return `agate-${createHash("sha256").update(sessionKey).digest("hex").slice(0, 32)}`;
}
