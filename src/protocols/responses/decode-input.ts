import { invalidRequest } from "../../errors.js";
import { toolCallArguments } from "../../hub/tool-call-arguments.js";
import type { CodeExecutionPart, Part, Turn } from "../../hub/types.js";
import { mediaFromBase64, mediaFromUrl, toolOutput } from "../shared-content.js";
import { CallOutputs } from "./call-outputs.js";
import { codeExecutionOf } from "./code-interpreter-call.js";
import { flattenedName, LOCAL_SHELL } from "./decode-tools.js";
import type { InputItem, ResponsesContentPart } from "./request-schema.js";
import { APPLY_PATCH, SHELL } from "./shell-patch-declarations.js";
import {
  applyPatchArguments,
  applyPatchResult,
  shellCallArguments,
  shellResult,
} from "./shell-patch-items.js";
import { isCodeCallId, isMessageId, textSignatureOf } from "./text-signatures.js";

export interface DecodedInput {
  system: string[];
  turns: Turn[];
}

/** Opens a compaction item's `encrypted_content`: the summary, or undefined when it was not sealed by agate. */
export type Unseal = (encryptedContent: string) => string | undefined;

/** How an unsealed compaction summary enters the conversation. */
export const SUMMARY_PREFIX = "Summary of the earlier conversation: ";

type Message = Extract<InputItem, { role: string }>;

/** A message item: `type: "message"`, or no type at all (the "easy" form). */
export const isMessage = (item: InputItem): item is Message =>
  !("type" in item) || item.type === undefined || item.type === "message";

/**
 * Responses input items → system texts and turns (contract §9). `items` are already resolved (no
 * item_reference left); `offset` is the index of the first item in the client's own `input`, so errors name
 * the right param. Calls are matched to their outputs by call_id (CallOutputs: a call with no output, or an
 * output with no call before it, is a 400). A `compaction` item becomes a user turn holding
 * its summary, opened with `unseal` (without one, compaction items are refused). An assistant message's last
 * text, and the code of a code_interpreter_call, gets the thought signature that a reasoning item just before
 * it carries (text-signatures.ts), or else the store's key for it: the item's own id, where agate made it.
 */
export function decodeInputItems(
  items: readonly InputItem[],
  paramOf: (index: number) => string,
  unseal?: Unseal,
): DecodedInput {
  const system: string[] = [];
  const turns: Turn[] = [];
  // Made at the first call or output: a conversation without tools allocates nothing for it.
  let calls: CallOutputs | undefined;
  const push = (role: Turn["role"], parts: Part[]) => {
    if (parts.length > 0) turns.push({ role, parts });
  };
  // What the reasoning items right before the current item said of the answer's signature.
  let signed: ReturnType<typeof textSignatureOf>;
  for (const [index, item] of items.entries()) {
    const param = paramOf(index);
    const before = signed;
    signed = undefined;
    if (isMessage(item)) {
      if (item.role === "system" || item.role === "developer") system.push(textOf(item.content));
      else if (item.role !== "assistant") push("user", messageParts(item, param));
      else push("assistant", signedAnswer(messageParts(item, param), before, item));
      continue;
    }
    switch (item.type) {
      case "function_call": {
        const name = item.namespace == null ? item.name : flattenedName(item.namespace, item.name);
        calls ??= new CallOutputs();
        calls.call("function_call", item.call_id, name, index);
        push("assistant", [
          {
            type: "tool-call",
            id: item.call_id,
            name,
            arguments: toolCallArguments(item.arguments),
          },
        ]);
        break;
      }
      case "custom_tool_call":
        calls ??= new CallOutputs();
        calls.call("custom_tool_call", item.call_id, item.name, index);
        push("assistant", [
          { type: "tool-call", id: item.call_id, name: item.name, arguments: { input: item.input } },
        ]);
        break;
      case "local_shell_call": {
        calls ??= new CallOutputs();
        calls.call("local_shell_call", item.call_id, LOCAL_SHELL, index);
        const { type: _type, ...action } = item.action;
        push("assistant", [{ type: "tool-call", id: item.call_id, name: LOCAL_SHELL, arguments: action }]);
        break;
      }
      case "shell_call":
        calls ??= new CallOutputs();
        calls.call("shell_call", item.call_id, SHELL, index);
        push("assistant", [
          { type: "tool-call", id: item.call_id, name: SHELL, arguments: shellCallArguments(item.action) },
        ]);
        break;
      case "apply_patch_call":
        calls ??= new CallOutputs();
        calls.call("apply_patch_call", item.call_id, APPLY_PATCH, index);
        push("assistant", [
          {
            type: "tool-call",
            id: item.call_id,
            name: APPLY_PATCH,
            arguments: applyPatchArguments(item.operation),
          },
        ]);
        break;
      case "function_call_output":
      case "custom_tool_call_output":
        calls ??= new CallOutputs();
        push("tool", [
          toolResult(
            item.call_id,
            calls.output(item.type, item.call_id, `${param}.call_id`),
            outputOf(item.output),
          ),
          // Images and files a tool returned (a screenshot, a file it read) go along with its result.
          ...(typeof item.output === "string" ? [] : mediaParts(item.output, `${param}.output`)),
        ]);
        break;
      case "local_shell_call_output": {
        const callId = item.call_id ?? item.id;
        calls ??= new CallOutputs();
        const name = calls.output(item.type, callId, `${param}.call_id`);
        push("tool", [toolResult(callId, name, toolOutput(item.output))]);
        break;
      }
      case "shell_call_output":
      case "apply_patch_call_output": {
        calls ??= new CallOutputs();
        const name = calls.output(item.type, item.call_id, `${param}.call_id`);
        const result = item.type === "shell_call_output" ? shellResult(item.output) : applyPatchResult(item);
        push("tool", [toolResult(item.call_id, name, result)]);
        break;
      }
      case "reasoning":
        signed = textSignatureOf(item.encrypted_content) ?? before;
        break;
      // Not a turn: it makes the response a compaction (prepareResponse).
      case "compaction_trigger":
      // Gemini searched for it and wrote what it found into the message after it: nothing to send back.
      case "web_search_call":
        break;
      case "code_interpreter_call": {
        // Gemini ran it itself: no call_id, no output item to pair with; the code and its runs go in place.
        const code = codeExecutionOf(item);
        if (code !== undefined) push("assistant", [signedCode(code, before, item.id)]);
        break;
      }
      case "compaction":
        push("user", [
          { type: "text", text: SUMMARY_PREFIX + compactionSummary(item.encrypted_content, param, unseal) },
        ]);
        break;
      case "item_reference":
        throw invalidRequest(
          `'${param}' references item '${item.id}', which agate does not know.`,
          `${param}.id`,
        );
    }
  }
  calls?.end(paramOf);
  return { system, turns };
}

/** An answer's parts, its last text signed as `signed` says, or keyed by the message's id. */
function signedAnswer(parts: Part[], signed: ReturnType<typeof textSignatureOf>, message: Message): Part[] {
  const at = parts.findLastIndex((part) => part.type === "text");
  const last = parts[at];
  if (last?.type !== "text") return parts;
  const id = "id" in message ? message.id : undefined;
  if (signed !== undefined && "signature" in signed) parts[at] = { ...last, signature: signed.signature };
  else if (signed !== undefined) parts[at] = { ...last, signatureKey: signed.key };
  else if (isMessageId(id)) parts[at] = { ...last, signatureKey: id };
  return parts;
}

/** Code signed as the reasoning item before it says, or keyed by its call's id, where agate made it. */
function signedCode(
  code: CodeExecutionPart,
  signed: ReturnType<typeof textSignatureOf>,
  id: string | null | undefined,
): CodeExecutionPart {
  if (signed !== undefined && "signature" in signed) return { ...code, signature: signed.signature };
  if (signed !== undefined) return { ...code, signatureKey: signed.key };
  return isCodeCallId(id) ? { ...code, signatureKey: id } : code;
}

function compactionSummary(encryptedContent: string, param: string, unseal: Unseal | undefined): string {
  const summary = unseal?.(encryptedContent);
  if (summary === undefined) {
    throw invalidRequest(
      `'${param}' is a compaction item agate cannot open: its encrypted_content was not made by this agate's ` +
        "POST /v1/responses/compact (or was altered, or compaction_secret changed). Send the conversation instead.",
      `${param}.encrypted_content`,
      "invalid_encrypted_content",
    );
  }
  return summary;
}

const toolResult = (callId: string, name: string, content: unknown): Part => ({
  type: "tool-result",
  callId,
  name,
  content,
});

function outputOf(output: string | ResponsesContentPart[]): unknown {
  return typeof output === "string" ? toolOutput(output) : textOf(output);
}

function textOf(content: string | readonly ResponsesContentPart[]): string {
  if (typeof content === "string") return content;
  return content
    .map((part) => ("text" in part ? part.text : "refusal" in part ? part.refusal : ""))
    .filter((text) => text !== "")
    .join("\n");
}

function messageParts(message: Message, param: string): Part[] {
  if (typeof message.content === "string")
    return message.content === "" ? [] : [{ type: "text", text: message.content }];
  return contentParts(message.content, `${param}.content`, true);
}

/** The images and files among a tool output's content parts (its text is the result's). */
const mediaParts = (content: readonly ResponsesContentPart[], param: string): Part[] =>
  contentParts(content, param, false);

function contentParts(content: readonly ResponsesContentPart[], param: string, withText: boolean): Part[] {
  const parts: Part[] = [];
  for (const [index, part] of content.entries()) {
    const partParam = `${param}[${index}]`;
    if (!withText && (part.type === "refusal" || "text" in part)) continue;
    switch (part.type) {
      case "input_image":
        if (part.image_url == null) throw fileIdRefused(`${partParam}.image_url`);
        parts.push(mediaFromUrl(part.image_url, `${partParam}.image_url`));
        break;
      case "image_url":
        parts.push(
          typeof part.image_url === "string"
            ? mediaFromUrl(part.image_url, `${partParam}.image_url`)
            : mediaFromUrl(part.image_url.url, `${partParam}.image_url.url`),
        );
        break;
      case "input_file":
        if (part.file_data != null) {
          parts.push(
            part.file_data.startsWith("data:")
              ? mediaFromUrl(part.file_data, `${partParam}.file_data`)
              : mediaFromBase64(part.file_data, part.filename ?? undefined, `${partParam}.file_data`),
          );
        } else if (part.file_url != null) {
          parts.push(mediaFromUrl(part.file_url, `${partParam}.file_url`, "application/pdf"));
        } else {
          throw fileIdRefused(`${partParam}.file_data`);
        }
        break;
      case "refusal":
        parts.push({ type: "text", text: part.refusal });
        break;
      default:
        if (part.text !== "") parts.push({ type: "text", text: part.text });
    }
  }
  return parts;
}

const fileIdRefused = (param: string) =>
  invalidRequest(
    `'${param}' is required: agate cannot read OpenAI file ids; send the content inline or by URL.`,
    param,
  );
