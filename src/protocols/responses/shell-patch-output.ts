import { itemEvents, streamedTextEvents } from "./item-events.js";
import type {
  ApplyPatchCallItem,
  ApplyPatchOperation,
  ResponseEvent,
  ShellCallItem,
} from "./output-types.js";

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/*
 * Gemini's calls of the shell and apply_patch functions → the output items OpenAI gives for GPT-5.1's
 * tools, and their stream events. Gemini's arguments are read leniently: what a declaration asked for may
 * come a little otherwise (one string for a list of commands, an operation's fields without `operation`).
 */

/** A shell_call: the commands and limits Gemini gave, run by the client on its own machine. */
export function shellCallItem(id: string, callId: string, args: Json): ShellCallItem {
  const commands = Array.isArray(args.commands)
    ? args.commands.map(String)
    : typeof args.commands === "string"
      ? [args.commands]
      : [];
  return {
    type: "shell_call",
    id,
    call_id: callId,
    action: {
      commands,
      timeout_ms: numberOrNull(args.timeout_ms),
      max_output_length: numberOrNull(args.max_output_length),
    },
    status: "completed",
    environment: { type: "local" },
  };
}

/** A shell call streams no events of its own (the SDK knows none): added, then done. */
export function shellCallEvents(item: ShellCallItem, index: number): ResponseEvent[] {
  return itemEvents(index, { ...item, status: "in_progress" }, item);
}

/** An apply_patch_call: the one file operation Gemini gave (a type it did not name is update_file). */
export function applyPatchCallItem(id: string, callId: string, args: Json): ApplyPatchCallItem {
  const fields = isObject(args.operation) ? args.operation : args;
  const path = typeof fields.path === "string" ? fields.path : "";
  const diff = typeof fields.diff === "string" ? fields.diff : "";
  const operation: ApplyPatchOperation =
    fields.type === "delete_file"
      ? { type: "delete_file", path }
      : { type: fields.type === "create_file" ? "create_file" : "update_file", path, diff };
  return { type: "apply_patch_call", id, call_id: callId, operation, status: "completed" };
}

/**
 * As OpenAI streams one: added with the operation's diff still empty, the diff (one delta, Gemini gives it
 * whole), its done event, then the item done. A delete_file has no diff, so no diff events.
 */
export function applyPatchCallEvents(item: ApplyPatchCallItem, index: number): ResponseEvent[] {
  const { operation } = item;
  if (operation.type === "delete_file") return itemEvents(index, { ...item, status: "in_progress" }, item);
  const opening: ApplyPatchCallItem = {
    ...item,
    operation: { ...operation, diff: "" },
    status: "in_progress",
  };
  const diff = operation.diff;
  return streamedTextEvents(index, opening, item, "response.apply_patch_call_operation_diff", diff, { diff });
}

const numberOrNull = (value: unknown): number | null =>
  typeof value === "number" && Number.isFinite(value) ? value : null;
