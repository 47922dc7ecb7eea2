import { shownItem } from "./kept-code-outputs.js";

/** Items whose listed form carries a `status` (OpenAI fills it on every item it returns). */
const WITH_STATUS = new Set([
  "message",
  "function_call",
  "function_call_output",
  "custom_tool_call",
  "custom_tool_call_output",
  "shell_call",
  "shell_call_output",
  "apply_patch_call",
  "apply_patch_call_output",
]);

/**
 * A stored input item as `GET /v1/responses/{id}/input_items` lists it, in the shape OpenAI returns: a message's
 * string content becomes one part (`input_text`, or `output_text` with `annotations` for the assistant), a
 * Chat Completions `image_url` part an `input_image`, and messages and tool calls say `status: "completed"`. The store keeps items as the client sent them, since
 * that is what `item_reference` and `previous_response_id` resend; only the listing is reshaped. A
 * code_interpreter_call resolved from an item_reference is listed without the runs' output the store kept
 * for itself (kept-code-outputs.ts), unless `showKept` (the listing's include asks for it).
 */
export function listedInputItem(item: Record<string, unknown>, showKept = false): Record<string, unknown> {
  const type = item.type;
  if (type === "code_interpreter_call") return shownItem(item, showKept);
  if (typeof type !== "string" || !WITH_STATUS.has(type)) return item;
  const listed: Record<string, unknown> = { ...item };
  if (type === "message") listed.content = listedContent(item.role === "assistant", item.content);
  if (listed.status === undefined) listed.status = "completed";
  return listed;
}

function listedContent(assistant: boolean, content: unknown): unknown {
  if (typeof content === "string")
    return [
      assistant
        ? { type: "output_text", text: content, annotations: [] }
        : { type: "input_text", text: content },
    ];
  if (!Array.isArray(content)) return content;
  return content.map((part: unknown) => {
    const record = part as Record<string, unknown> | null;
    if (record?.type === "image_url") return inputImageOf(record.image_url);
    if (record?.type !== "output_text" || record.annotations !== undefined) return part;
    return { ...record, annotations: [] };
  });
}

/**
 * A Chat Completions image part (`image_url`: its URL, or `{url, detail}`), which agate takes in Responses
 * input as LangChain sends it, listed as the input_image it stands for: the listing speaks OpenAI's shapes.
 */
function inputImageOf(imageUrl: unknown): Record<string, unknown> {
  const { url, detail } =
    typeof imageUrl === "string"
      ? { url: imageUrl, detail: undefined }
      : ((imageUrl ?? {}) as Record<string, unknown>);
  return { type: "input_image", image_url: url, detail: typeof detail === "string" ? detail : "auto" };
}
