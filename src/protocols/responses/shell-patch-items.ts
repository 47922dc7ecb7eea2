import type { InputItem } from "./request-schema.js";

type ShellCall = Extract<InputItem, { type: "shell_call" }>;
type ShellCallOutput = Extract<InputItem, { type: "shell_call_output" }>;
type ApplyPatchCall = Extract<InputItem, { type: "apply_patch_call" }>;
type ApplyPatchCallOutput = Extract<InputItem, { type: "apply_patch_call_output" }>;

/*
 * Replayed shell and apply_patch items → the function calls and results Gemini is sent: each call's
 * arguments in the shape of its declaration (shell-patch-declarations.ts), as Gemini wrote them.
 */

/** A shell_call's commands, and the limits that were set (null ones are left out, as Gemini left them). */
export function shellCallArguments(action: ShellCall["action"]): Record<string, unknown> {
  const args: Record<string, unknown> = { commands: action.commands };
  if (action.timeout_ms != null) args.timeout_ms = action.timeout_ms;
  if (action.max_output_length != null) args.max_output_length = action.max_output_length;
  return args;
}

/** What each command gave, in order: its stdout, stderr and outcome (the client's other fields dropped). */
export function shellResult(output: ShellCallOutput["output"]): Record<string, unknown> {
  return {
    output: output.map(({ stdout, stderr, outcome }) => ({
      stdout: stdout ?? "",
      stderr: stderr ?? "",
      ...(outcome == null ? {} : { outcome }),
    })),
  };
}

/** An apply_patch_call's operation: its type, its path, its diff where it has one. */
export function applyPatchArguments(operation: ApplyPatchCall["operation"]): Record<string, unknown> {
  const { type, path, diff } = operation;
  return { operation: diff == null ? { type, path } : { type, path, diff } };
}

/** Whether the patch went in, and the tool's log where it wrote one. */
export function applyPatchResult(item: ApplyPatchCallOutput): Record<string, unknown> {
  const status = item.status ?? "completed";
  return item.output == null ? { status } : { status, output: item.output };
}
