import type { Dispatcher, Agent as UndiciAgent } from "undici";
import type { Account } from "../pool/account.js";
import type { UpstreamClient } from "./types.js";
import { Agent, ProxyAgent } from "./undici-parts.js";

export interface TransportOptions {
  firstByteTimeoutMs: number;
  requestTimeoutMs: number;
}

/**
 * The upstream HTTP dispatcher: one undici Agent (a keep-alive pool per origin) shared by every account.
 */
export function createUpstreamDispatcher(options: TransportOptions): Dispatcher {
  return new Agent(agentOptions(options));
}

function agentOptions(options: TransportOptions): UndiciAgent.Options {
  return {
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 300_000,
    connections: 256,
    headersTimeout: options.firstByteTimeoutMs,
    bodyTimeout: options.requestTimeoutMs,
    // The first byte cannot come before the connection: a hanging connect counts against the same budget,
    // and never waits longer than undici's own 10 s default.
    connect: { timeout: Math.min(options.firstByteTimeoutMs, 10_000) },
  };
}

/**
 * The dispatchers of every account: the shared Agent, plus one keep-alive ProxyAgent per distinct egress
 * proxy (an account's `proxy_url`), made on first use.
 */
export class UpstreamDispatchers {
  readonly direct: Dispatcher;
  private readonly proxies = new Map<string, Dispatcher>();

  constructor(private readonly options: TransportOptions) {
    this.direct = createUpstreamDispatcher(options);
  }

  /** The dispatcher for traffic through `proxyUrl`, or the shared one when there is no proxy. */
  for(proxyUrl: string | undefined): Dispatcher {
    if (proxyUrl === undefined) return this.direct;
    let proxy = this.proxies.get(proxyUrl);
    if (proxy === undefined) {
      proxy = new ProxyAgent({ ...agentOptions(this.options), uri: proxyUrl });
      this.proxies.set(proxyUrl, proxy);
    }
    return proxy;
  }

  async close(): Promise<void> {
    await Promise.all([this.direct.close(), ...[...this.proxies.values()].map((proxy) => proxy.close())]);
  }
}

/** An upstream client that reads a call that is not streamed whole (`complete`). */
export type WholeAnswerClient = UpstreamClient & Required<Pick<UpstreamClient, "complete">>;

/**
 * One client per dispatcher, made on first use and picked by the account's proxy: for upstream clients
 * built around a single dispatcher (the Gemini API client).
 */
export function clientPerProxy(
  dispatchers: UpstreamDispatchers,
  make: (dispatcher: Dispatcher) => WholeAnswerClient,
): WholeAnswerClient {
  const clients = new Map<string, WholeAnswerClient>();
  const pick = (account: Account): WholeAnswerClient => {
    const key = account.proxyUrl ?? "";
    let client = clients.get(key);
    if (client === undefined) {
      client = make(dispatchers.for(account.proxyUrl));
      clients.set(key, client);
    }
    return client;
  };
  return {
    generate: (account, request, signal) => pick(account).generate(account, request, signal),
    complete: (account, request, signal) => pick(account).complete(account, request, signal),
    refusal: (account, request) => pick(account).refusal?.(account, request),
    listModels: (account, signal) => pick(account).listModels(account, signal),
  };
}
