/** The Gemini API wire shapes agate reads and writes (shared/spec/upstreams.md §A). Lenient on input. */
import type { GeminiOutcome } from "./code-outcomes.js";
import type { ThinkingLevel } from "./thinking-levels.js";

export interface GeminiPart {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType?: string; fileUri: string };
  functionCall?: { id?: string; name: string; args?: Record<string, unknown> };
  functionResponse?: { id?: string; name: string; response: Record<string, unknown> };
  /** Code the model wrote for code execution (the `codeExecution` tool); Gemini runs it itself. */
  executableCode?: { language?: string; code?: string };
  /** What a run of that code gave: stdout when it ran through, else stderr or why it stopped. */
  codeExecutionResult?: { outcome?: GeminiOutcome | string; output?: string };
}

export interface GeminiContent {
  role: "user" | "model";
  parts: GeminiPart[];
}

export interface GeminiGenerationConfig {
  temperature?: number;
  topP?: number;
  candidateCount?: number;
  maxOutputTokens?: number;
  stopSequences?: string[];
  presencePenalty?: number;
  frequencyPenalty?: number;
  seed?: number;
  responseMimeType?: string;
  responseSchema?: Record<string, unknown>;
  responseLogprobs?: boolean;
  logprobs?: number;
  thinkingConfig?: { includeThoughts?: boolean; thinkingBudget?: number; thinkingLevel?: ThinkingLevel };
}

export interface GeminiFunctionDeclaration {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
}

export interface GeminiToolConfig {
  functionCallingConfig: {
    mode: "AUTO" | "ANY" | "NONE" | "VALIDATED";
    allowedFunctionNames?: readonly string[];
  };
}

export interface GeminiRequest {
  contents: GeminiContent[];
  systemInstruction?: { parts: { text: string }[] };
  tools?: (
    | { functionDeclarations: GeminiFunctionDeclaration[] }
    | { googleSearch: Record<string, never> }
    | { codeExecution: Record<string, never> }
  )[];
  toolConfig?: GeminiToolConfig;
  generationConfig?: GeminiGenerationConfig;
}

export interface GeminiUsageMetadata {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
  cachedContentTokenCount?: number;
  totalTokenCount?: number;
}

export interface GeminiLogprobCandidate {
  token?: string;
  logProbability?: number;
}

export interface GeminiLogprobsResult {
  topCandidates?: { candidates?: GeminiLogprobCandidate[] }[];
  chosenCandidates?: GeminiLogprobCandidate[];
}

/**
 * What grounding with Google Search adds to a candidate. A segment's indices count UTF-8 bytes (of its
 * part, Google says; in practice of the candidate's text), startIndex left out when 0.
 */
export interface GeminiGroundingMetadata {
  webSearchQueries?: string[];
  groundingChunks?: { web?: { uri?: string; title?: string; domain?: string } }[];
  groundingSupports?: {
    segment?: { partIndex?: number; startIndex?: number; endIndex?: number; text?: string };
    groundingChunkIndices?: number[];
    confidenceScores?: number[];
  }[];
  searchEntryPoint?: { renderedContent?: string };
}

export interface GeminiCandidate {
  content?: { role?: string; parts?: GeminiPart[] };
  finishReason?: string;
  index?: number;
  logprobsResult?: GeminiLogprobsResult;
  groundingMetadata?: GeminiGroundingMetadata;
}

export interface GeminiResponse {
  candidates?: GeminiCandidate[];
  promptFeedback?: { blockReason?: string };
  usageMetadata?: GeminiUsageMetadata;
  modelVersion?: string;
  responseId?: string;
}

export interface GeminiModelList {
  models?: { name?: string; supportedGenerationMethods?: string[] }[];
  nextPageToken?: string;
}
