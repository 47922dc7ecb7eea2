/** Responses API output items and stream events, as agate writes them. */

import type { OpenAITokenLogprob } from "../token-logprobs.js";
import type { CodeCallStatus } from "./code-interpreter-call.js";

/** A web page a grounded answer cites; the indices are UTF-16 code units (JavaScript string indices) of the text. */
export interface UrlCitationAnnotation {
  type: "url_citation";
  start_index: number;
  end_index: number;
  url: string;
  title: string;
}

export interface OutputText {
  type: "output_text";
  text: string;
  /** Empty but for a grounded (web_search) answer's citations. */
  annotations: UrlCitationAnnotation[];
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

/** GPT-5.1's shell tool: command lines for the client to run, on its own machine. */
export interface ShellCallItem {
  type: "shell_call";
  id: string;
  call_id: string;
  action: { commands: string[]; timeout_ms: number | null; max_output_length: number | null };
  status: "in_progress" | "completed";
  environment: { type: "local" };
}

export type ApplyPatchOperation =
  | { type: "create_file" | "update_file"; path: string; diff: string }
  | { type: "delete_file"; path: string };

/** GPT-5.1's apply_patch tool: one file for the client to create, update or delete. */
export interface ApplyPatchCallItem {
  type: "apply_patch_call";
  id: string;
  call_id: string;
  operation: ApplyPatchOperation;
  status: "in_progress" | "completed";
}

/** The web search of a grounded answer: the queries Gemini searched for (none when it did not search). */
export interface WebSearchCallItem {
  type: "web_search_call";
  id: string;
  status: "in_progress" | "completed";
  action?: { type: "search"; query?: string; queries?: string[]; sources?: { type: "url"; url: string }[] };
}

/**
 * Code the model ran in the upstream's sandbox (Gemini's code execution, for a code_interpreter tool) and
 * what each run printed: `outputs` only where `include` asks for code_interpreter_call.outputs, else null.
 */
export interface CodeInterpreterCallItem {
  type: "code_interpreter_call";
  id: string;
  status: CodeCallStatus;
  code: string;
  container_id: string;
  outputs: { type: "logs"; logs: string }[] | null;
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
  | LocalShellCallItem
  | ShellCallItem
  | ApplyPatchCallItem
  | WebSearchCallItem
  | CodeInterpreterCallItem;

/** A stream event before the encoder numbers it. */
export type ResponseEvent = { type: string } & Record<string, unknown>;
