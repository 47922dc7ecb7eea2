import { Agent, type Dispatcher } from "undici";

export interface TransportOptions {
  firstByteTimeoutMs: number;
  requestTimeoutMs: number;
}

/**
 * The upstream HTTP dispatcher: one undici Agent (a keep-alive pool per origin) shared by every account.
 * Per-account egress proxies come with the account pool.
 */
export function createUpstreamDispatcher(options: TransportOptions): Dispatcher {
  return new Agent({
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 300_000,
    connections: 256,
    headersTimeout: options.firstByteTimeoutMs,
    bodyTimeout: options.requestTimeoutMs,
  });
}
