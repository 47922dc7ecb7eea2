import type { GeminiRequest, GeminiResponse } from "../gemini/wire-types.js";

/** Cloud Code Assist `v1internal` wire shapes (upstreams.md §B). Lenient on input. */

export interface CodeAssistEnvelope {
  model: string;
  project: string;
  request: GeminiRequest & { sessionId?: string };
  requestId: string;
  userAgent: string;
  requestType: "agent";
}

export interface CodeAssistResponseEnvelope {
  response?: GeminiResponse;
  traceId?: string;
}

/** `cloudaicompanionProject` comes as a plain id or as `{id, name}`. */
export type ProjectReference = string | { id?: string; name?: string } | null;

export interface LoadCodeAssistResponse {
  cloudaicompanionProject?: ProjectReference;
  currentTier?: { id?: string; name?: string } | null;
  allowedTiers?: { id?: string; isDefault?: boolean }[];
}

export interface OnboardUserOperation {
  name?: string;
  done?: boolean;
  response?: { cloudaicompanionProject?: ProjectReference };
}

export interface AvailableModelsResponse {
  models?: Record<
    string,
    {
      displayName?: string;
      quotaInfo?: { remainingFraction?: number; resetTime?: string };
    }
  >;
  deprecatedModelIds?: Record<string, { newModelId?: string }>;
}

/** What Cloud Code wants to know about the caller, on loadCodeAssist and onboardUser. */
export const CLIENT_METADATA = {
  ideType: "IDE_UNSPECIFIED",
  platform: "PLATFORM_UNSPECIFIED",
  pluginType: "GEMINI",
} as const;
