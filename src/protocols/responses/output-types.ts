/** Responses API output items and stream events, as agate writes them. */

import type { OpenAITokenLogprob } from "../token-logprobs.js";

export interface OutputText {
  type: "output_text";
  text: string;
  annotations: [];
  /** Its tokens' log probabilities where `include` asked for them; else empty. */
  logprobs: OpenAITokenLogprob[];
}

export interface MessageItem {
  type: "message";
  id: string;
  status: "in_progress" | "completed" | "incomplete";
  role: "assistant";
  content: OutputText[];
  phase?: "commentary" | "final_answer";
}

export interface ReasoningItem {
  type: "reasoning";
  id: string;
  summary: { type: "summary_text"; text: string }[];
  encrypted_content?: string | null;
}

export interface FunctionCallItem {
  type: "function_call";
  id: string;
  call_id: string;
  name: string;
  arguments: string;
  status: "in_progress" | "completed";
  namespace?: string;
}

export interface CustomToolCallItem {
  type: "custom_tool_call";
  id: string;
  call_id: string;
  name: string;
  input: string;
  status: "in_progress" | "completed";
  namespace?: string;
}

export interface LocalShellCallItem {
  type: "local_shell_call";
  id: string;
  call_id: string;
  action: { type: "exec"; command: string[]; env: Record<string, string>; [key: string]: unknown };
  status: "in_progress" | "completed";
}

/** A summary of the conversation, sealed by agate (a compaction_trigger's answer). */
export interface CompactionItem {
  type: "compaction";
  id: string;
  encrypted_content: string;
}

export type OutputItem =
  | CompactionItem
  | MessageItem
  | ReasoningItem
  | FunctionCallItem
  | CustomToolCallItem
  | LocalShellCallItem;

/** A stream event before the encoder numbers it. */
export type ResponseEvent = { type: string } & Record<string, unknown>;
