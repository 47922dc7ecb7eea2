import type { SimRule } from "./script-types.js";

export type RequestKind = "gemini" | "cloudcode" | "oauth" | "control";

export interface SimModel {
  id: string;
  displayName?: string;
  thinking?: boolean;
  /**
   * The thinking levels the model takes (Gemini 3); any other is refused as Gemini refuses it. Unset: no
   * level is checked (a Gemini 2.5 model still refuses any level, as Gemini does).
   */
  thinkingLevels?: readonly string[];
  inputTokenLimit?: number;
  outputTokenLimit?: number;
  /** Cloud Code quota shown by fetchAvailableModels, 0..1 (default 1). */
  remainingFraction?: number;
  /** RFC 3339; default: the next UTC midnight. */
  resetTime?: string;
}

export interface SimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  models?: SimModel[];
  /** No startup line on stderr. */
  quiet?: boolean;
  /** Default true; benchmarks may turn recording off. */
  recordRequests?: boolean;
  /** Oldest records are dropped past this many (default 10,000) so a long demo cannot grow without end. */
  maxRecordedRequests?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Header names lowercased; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Parsed JSON, a form object, or undefined when empty or unparseable. */
  body: unknown;
  kind: RequestKind;
  model?: string;
  stream: boolean;
  /** Epoch milliseconds. */
  receivedAt: number;
  /** Epoch milliseconds when the answer's connection closed or the answer ended (test hook). */
  closedAt?: number;
  /** Set with closedAt: false when the caller went away before the answer was complete. */
  finished?: boolean;
}

export interface RefreshTokenOptions {
  email?: string;
  /** The token endpoint answers invalid_grant for it. */
  invalid?: boolean;
  /** Default true. When false, loadCodeAssist shows no project until onboardUser completes. */
  onboarded?: boolean;
}

export interface Simulator {
  readonly url: string;
  /** Enqueues a scripted behaviour (FIFO among matching rules). */
  script(rule: SimRule): void;
  readonly requests: RecordedRequest[];
  /** Clears scripts, recorded requests, issued access tokens and signatures, onboarding progress. */
  reset(): void;
  /** Ends hanging responses and open sockets, then stops listening. */
  close(): Promise<void>;
  addRefreshToken(refreshToken: string, options?: RefreshTokenOptions): void;
  expireAccessTokens(): void;
}
