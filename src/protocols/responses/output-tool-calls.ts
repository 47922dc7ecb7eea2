import type { GenerateEvent } from "../../hub/types.js";
import type { ToolKind } from "./decode-tools.js";
import { itemEvents, streamedTextEvents } from "./item-events.js";
import type { OutputItem, ResponseEvent } from "./output-types.js";
import {
  applyPatchCallEvents,
  applyPatchCallItem,
  shellCallEvents,
  shellCallItem,
} from "./shell-patch-output.js";

/**
 * A tool call the model made → its output item, in the form of the tool the client declared (a function
 * call, a custom tool's free-form input, a local shell command, a shell or apply_patch call), and the stream
 * events that build it.
 * `push` puts the item in the output and gives its index.
 */
export function toolCallEvents(
  event: Extract<GenerateEvent, { type: "tool-call" }>,
  tools: ReadonlyMap<string, ToolKind>,
  newItemId: (prefix: string) => string,
  push: (item: OutputItem) => number,
): ResponseEvent[] {
  const kind = tools.get(event.name) ?? { kind: "function", name: event.name };
  if (kind.kind === "local_shell") {
    const command = Array.isArray(event.arguments.command) ? event.arguments.command.map(String) : [];
    const { command: _command, ...rest } = event.arguments;
    const item: OutputItem = {
      type: "local_shell_call",
      id: newItemId("lsh"),
      call_id: event.id,
      action: { ...rest, type: "exec", command, env: {} },
      status: "completed",
    };
    return itemEvents(push(item), { ...item, status: "in_progress" }, item);
  }
  if (kind.kind === "shell") {
    const item = shellCallItem(newItemId("sh"), event.id, event.arguments);
    return shellCallEvents(item, push(item));
  }
  if (kind.kind === "apply_patch") {
    const item = applyPatchCallItem(newItemId("apc"), event.id, event.arguments);
    return applyPatchCallEvents(item, push(item));
  }
  if (kind.kind === "custom") {
    const input =
      typeof event.arguments.input === "string" ? event.arguments.input : JSON.stringify(event.arguments);
    const item: OutputItem = {
      type: "custom_tool_call",
      id: newItemId("ctc"),
      call_id: event.id,
      name: kind.name,
      input,
      status: "completed",
      ...(kind.namespace === undefined ? {} : { namespace: kind.namespace }),
    };
    const opening: OutputItem = { ...item, input: "", status: "in_progress" };
    return streamedTextEvents(push(item), opening, item, "response.custom_tool_call_input", input, { input });
  }
  const argumentsText = JSON.stringify(event.arguments);
  const item: OutputItem = {
    type: "function_call",
    id: newItemId("fc"),
    call_id: event.id,
    name: kind.name,
    arguments: argumentsText,
    status: "completed",
    ...(kind.namespace === undefined ? {} : { namespace: kind.namespace }),
  };
  const opening: OutputItem = { ...item, arguments: "", status: "in_progress" };
  return streamedTextEvents(push(item), opening, item, "response.function_call_arguments", argumentsText, {
    name: kind.name,
    arguments: argumentsText,
  });
}
