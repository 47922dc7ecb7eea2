import { sumUsage } from "../hub/merge-answers.js";
import type { Usage } from "../hub/types.js";

/** What a failed upstream call told us, parsed once so the failover loop can classify it. */
export interface GoogleErrorInfo {
  status?: string;
  message?: string;
  reason?: string;
  retryDelayMs?: number;
  quotaIds: string[];
  quotaResetDelayMs?: number;
  quotaResetTimestamp?: string;
}

/** What an OpenAI-compatible server's error body named, besides its message (openai-error.ts). */
export interface OpenAIErrorInfo {
  type?: string;
  code?: string;
  param?: string;
}

export type UpstreamFailureKind = "http" | "network" | "timeout" | "malformed" | "stream";

/** An OAuth token endpoint's refusal, e.g. `invalid_grant` for a revoked refresh token. */
export interface OAuthErrorInfo {
  error: string;
  description?: string;
}

export class UpstreamError extends Error {
  readonly kind: UpstreamFailureKind;
  readonly status: number | undefined;
  readonly google: GoogleErrorInfo | undefined;
  readonly openai: OpenAIErrorInfo | undefined;
  readonly retryAfterMs: number | undefined;
  readonly rawBody: string | undefined;
  readonly oauth: OAuthErrorInfo | undefined;
  /**
   * Tokens the upstream reported before this failure, in answers read whole that the client will never get
   * (a 200 that answered nothing, the other calls of a request made one call per choice): Google billed them,
   * so the pool counts them as spent. A stream passes its own as a `usage` event before it fails instead.
   */
  spent: Usage | undefined;

  constructor(
    message: string,
    details: {
      kind: UpstreamFailureKind;
      status?: number;
      google?: GoogleErrorInfo;
      openai?: OpenAIErrorInfo;
      retryAfterMs?: number;
      rawBody?: string;
      oauth?: OAuthErrorInfo;
      spent?: Usage;
      cause?: unknown;
    },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "UpstreamError";
    this.kind = details.kind;
    this.status = details.status;
    this.google = details.google;
    this.openai = details.openai;
    this.retryAfterMs = details.retryAfterMs;
    this.rawBody = details.rawBody;
    this.oauth = details.oauth;
    this.spent = details.spent;
  }
}

/** Adds `usage` (when there is some) to what an upstream failure says was spent before it. */
export function addSpentTo(error: UpstreamError, usage: Usage | undefined): void {
  if (usage !== undefined) error.spent = error.spent === undefined ? usage : sumUsage([error.spent, usage]);
}
