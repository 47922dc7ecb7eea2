import { toolCallArguments } from "../../hub/tool-call-arguments.js";
import type { Part, Turn } from "../../hub/types.js";
import { toolOutput } from "../shared-content.js";
import { decodeContentPart } from "./decode-content.js";
import type { ChatMessage } from "./request-schema.js";
import { ToolCallSteps } from "./tool-call-steps.js";

export interface DecodedMessages {
  system?: string;
  turns: Turn[];
}

/**
 * Chat messages → system text + turns. system/developer join the system text in order; assistant
 * tool_calls become tool-call parts; tool (and legacy function) messages become tool results whose
 * function name is found through tool_call_id. Every call must be answered before the chat goes on.
 */
export function decodeMessages(messages: readonly ChatMessage[]): DecodedMessages {
  const system: string[] = [];
  const turns: Turn[] = [];
  // Made at the first tool call or result: a chat without tools pays nothing for the pairing.
  let steps: ToolCallSteps | undefined;
  for (const [index, message] of messages.entries()) {
    const param = `messages[${index}]`;
    switch (message.role) {
      case "system":
      case "developer":
        system.push(joinText(message.content));
        break;
      case "user":
        steps?.endStep();
        pushTurn(turns, "user", userParts(message.content, param));
        break;
      case "assistant": {
        const calls = message.tool_calls ?? [];
        if (steps === undefined && calls.length > 0) steps = new ToolCallSteps();
        steps?.assistant(index, calls);
        pushTurn(turns, "assistant", assistantParts(message, index));
        break;
      }
      case "tool": {
        steps ??= new ToolCallSteps();
        const name = steps.tool(index, message.tool_call_id);
        const { text, media } = toolMessageContent(message.content, param);
        pushTurn(turns, "tool", [
          { type: "tool-result", callId: message.tool_call_id, name, content: toolOutput(text) },
          ...media,
        ]);
        break;
      }
      case "function":
        steps?.endStep();
        pushTurn(turns, "tool", [
          { type: "tool-result", callId: "", name: message.name, content: toolOutput(message.content ?? "") },
        ]);
        break;
    }
  }
  steps?.endStep();
  return system.length > 0 ? { system: system.join("\n\n"), turns } : { turns };
}

function pushTurn(turns: Turn[], role: Turn["role"], parts: Part[]): void {
  if (parts.length > 0) turns.push({ role, parts });
}

const joinText = (content: string | { text: string }[]): string =>
  typeof content === "string" ? content : content.map((part) => part.text).join("\n");

/** An assistant's content as one text: a refusal it gave is what it said (as the Responses spoke reads it). */
const assistantText = (content: string | ({ text: string } | { refusal: string })[]): string =>
  typeof content === "string"
    ? content
    : content.map((part) => ("text" in part ? part.text : part.refusal)).join("\n");

/**
 * A tool message's text (its result) and the images, audio or files beside it, which go after the result in
 * the same turn (as a Responses function_call_output's images do).
 */
function toolMessageContent(
  content: Extract<ChatMessage, { role: "tool" }>["content"],
  param: string,
): { text: string; media: Part[] } {
  if (typeof content === "string") return { text: content, media: [] };
  const texts: string[] = [];
  const media: Part[] = [];
  for (const [partIndex, part] of content.entries()) {
    if (part.type === "text") texts.push(part.text);
    else media.push(decodeContentPart(part, `${param}.content[${partIndex}]`));
  }
  return { text: texts.join("\n"), media };
}

function userParts(content: Extract<ChatMessage, { role: "user" }>["content"], param: string): Part[] {
  if (typeof content === "string") return content === "" ? [] : [{ type: "text", text: content }];
  // An empty text part (a chat UI's blank caption beside an image) says nothing, and Gemini refuses one.
  return content.flatMap((part, partIndex) =>
    part.type === "text" && part.text === ""
      ? []
      : [decodeContentPart(part, `${param}.content[${partIndex}]`)],
  );
}

function assistantParts(message: Extract<ChatMessage, { role: "assistant" }>, index: number): Part[] {
  const parts: Part[] = [];
  const text = message.content == null ? "" : assistantText(message.content);
  if (text !== "") parts.push({ type: "text", text });
  for (const call of message.tool_calls ?? []) {
    parts.push({
      type: "tool-call",
      id: call.id,
      name: call.function.name,
      arguments: toolCallArguments(call.function.arguments),
    });
  }
  if (message.function_call != null) {
    const id = `function_call_${index}`;
    parts.push({
      type: "tool-call",
      id,
      name: message.function_call.name,
      arguments: toolCallArguments(message.function_call.arguments),
    });
  }
  return parts;
}
