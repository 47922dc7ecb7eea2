/**
 * Wire shapes of the Gemini API (upstreams.md §A) and the Cloud Code envelope (§B), as the simulator reads
 * and writes them. Incoming bodies are only trusted after the checks in request-validation.ts.
 */

export interface FunctionCall {
  id?: string;
  name: string;
  args: Record<string, unknown>;
}

export interface FunctionResponse {
  id?: string;
  name: string;
  response: Record<string, unknown>;
}

/** A built-in tool's own call (Gemini 3 shows its searches so when a request asks): `toolCall`/`toolResponse`. */
export interface ServerToolPart {
  id: string;
  toolType: "GOOGLE_SEARCH_WEB";
}

export interface Part {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType: string; fileUri: string };
  functionCall?: FunctionCall;
  functionResponse?: FunctionResponse;
  toolCall?: ServerToolPart & { args: Record<string, unknown> };
  toolResponse?: ServerToolPart & { response: Record<string, unknown> };
  /** Code the model wrote for code execution, which Gemini runs itself. */
  executableCode?: { language: string; code: string };
  /** What a run of that code gave: OUTCOME_OK, OUTCOME_FAILED or OUTCOME_DEADLINE_EXCEEDED. */
  codeExecutionResult?: { outcome: string; output: string };
}

export interface Content {
  role?: string;
  parts?: Part[];
}

export interface ThinkingConfig {
  includeThoughts?: boolean;
  thinkingBudget?: number;
  thinkingLevel?: string;
}

export interface GenerationConfig {
  candidateCount?: number;
  maxOutputTokens?: number;
  stopSequences?: string[];
  thinkingConfig?: ThinkingConfig;
  responseMimeType?: string;
  responseSchema?: unknown;
  responseJsonSchema?: unknown;
  responseLogprobs?: boolean;
  logprobs?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
}

export interface LogprobsResult {
  topCandidates: { candidates: { token: string; logProbability: number }[] }[];
  chosenCandidates: { token: string; logProbability: number }[];
}

export interface GenerateContentRequest {
  contents: Content[];
  systemInstruction?: Content;
  tools?: unknown[];
  toolConfig?: unknown;
  generationConfig?: GenerationConfig;
  safetySettings?: unknown[];
  cachedContent?: string;
  sessionId?: string;
}

export interface UsageMetadata {
  promptTokenCount: number;
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
  cachedContentTokenCount?: number;
  toolUsePromptTokenCount?: number;
  totalTokenCount: number;
}

/** Grounding with Google Search: segment indices in UTF-8 bytes of the candidate's text. */
export interface GroundingMetadata {
  searchEntryPoint: { renderedContent: string };
  groundingChunks: { web: { uri: string; title: string } }[];
  groundingSupports: {
    segment: { startIndex?: number; endIndex: number; text: string };
    groundingChunkIndices: number[];
  }[];
  webSearchQueries: string[];
}

export interface Candidate {
  content: { role: "model"; parts?: Part[] };
  finishReason?: string;
  index: number;
  logprobsResult?: LogprobsResult;
  avgLogprobs?: number;
  groundingMetadata?: GroundingMetadata;
}

export interface GenerateContentResponse {
  candidates?: Candidate[];
  promptFeedback?: { blockReason: string };
  usageMetadata?: UsageMetadata;
  modelVersion: string;
  responseId: string;
}

/** The Cloud Code `v1internal` request envelope around a GenerateContentRequest. */
export interface CodeAssistRequest {
  model: string;
  project: string;
  request: GenerateContentRequest;
  requestId?: string;
  userAgent?: string;
  requestType?: string;
}

export interface GoogleErrorBody {
  error: { code: number; message: string; status: string; details: unknown[] };
}
