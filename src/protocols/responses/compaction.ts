import type { GenerateRequest } from "../../hub/types.js";
import type { OutputItem } from "./output-types.js";
import type { InputItem } from "./request-schema.js";

/**
 * POST /v1/responses/compact, the pure parts: the request that asks the model for a summary, and the
 * `response.compaction` object built around it (OpenAI's shape: the conversation's user messages, then one
 * `compaction` item whose `encrypted_content` only agate can open).
 */

export const COMPACTION_INSTRUCTION =
  "Summarise the conversation above so that it can continue from your summary alone, without the messages it " +
  "replaces. Keep what is needed to carry on: the user's goals and constraints, decisions made, facts and " +
  "results learned (tool calls and what they returned), names of files, functions and other identifiers, open " +
  "questions and what remains to be done. Write plain text, as notes for yourself; do not address the user and " +
  "do not call tools.";

/** The conversation (already decoded) plus one last user turn asking for the summary; never streamed. */
export function compactionRequest(conversation: GenerateRequest): GenerateRequest {
  const request: GenerateRequest = {
    requestedModel: conversation.requestedModel,
    model: conversation.model,
    turns: [...conversation.turns, { role: "user", parts: [{ type: "text", text: COMPACTION_INSTRUCTION }] }],
    settings: {},
    stream: false,
  };
  if (conversation.system !== undefined) request.system = conversation.system;
  if (conversation.sessionKey !== undefined) request.sessionKey = conversation.sessionKey;
  // The declarations keep replayed calls valid for the upstream; the model must answer in text.
  if (conversation.tools !== undefined) {
    request.tools = conversation.tools;
    request.toolChoice = { type: "none" };
  }
  return request;
}

/** The text of the answer's messages: the summary. */
export function summaryText(output: readonly OutputItem[]): string {
  return output
    .flatMap((item) => (item.type === "message" ? item.content.map((part) => part.text) : []))
    .join("")
    .trim();
}

/** The user messages of the conversation, in order, as the output of a compaction lists them. */
export function userMessages(
  items: readonly InputItem[],
  newId: (prefix: string) => string,
): Record<string, unknown>[] {
  const messages: Record<string, unknown>[] = [];
  for (const item of items) {
    if (!("role" in item) || item.role !== "user") continue;
    const content =
      typeof item.content === "string" ? [{ type: "input_text", text: item.content }] : item.content;
    messages.push({
      type: "message",
      id: typeof item.id === "string" && item.id !== "" ? item.id : newId("msg"),
      role: "user",
      status: "completed",
      content,
    });
  }
  return messages;
}

export interface CompactionParts {
  id: string;
  createdAt: number;
  userMessages: Record<string, unknown>[];
  compactionItemId: string;
  encryptedContent: string;
  usage: unknown;
}

/** The `response.compaction` object the route answers with. */
export function compactionObject(parts: CompactionParts): Record<string, unknown> {
  return {
    id: parts.id,
    object: "response.compaction",
    created_at: parts.createdAt,
    output: [
      ...parts.userMessages,
      { type: "compaction", id: parts.compactionItemId, encrypted_content: parts.encryptedContent },
    ],
    usage: parts.usage,
  };
}
