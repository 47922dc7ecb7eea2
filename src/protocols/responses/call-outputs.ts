import { invalidRequest } from "../../errors.js";

/** The calls an input may hold, in OpenAI's words, each with the item type that answers it. */
const CALLS = {
  function_call: { words: "function call", output: "function_call_output" },
  custom_tool_call: { words: "custom tool call", output: "custom_tool_call_output" },
  local_shell_call: { words: "local shell call", output: "local_shell_call_output" },
  shell_call: { words: "shell call", output: "shell_call_output" },
  apply_patch_call: { words: "apply patch call", output: "apply_patch_call_output" },
} as const;

export type CallType = keyof typeof CALLS;
export type OutputType = (typeof CALLS)[CallType]["output"];

const OUTPUT_WORDS: Record<OutputType, string> = {
  function_call_output: "function call output",
  custom_tool_call_output: "custom tool call output",
  local_shell_call_output: "local shell call output",
  shell_call_output: "shell call output",
  apply_patch_call_output: "apply patch call output",
};

interface Pending {
  type: CallType;
  /** Its index in the conversation (history, then input). */
  index: number;
}

/**
 * Pairs the calls of a Responses conversation with their outputs by call_id, as OpenAI checks them: an output
 * answers a call made before it (anywhere before: outputs come in any order, interleaved with other calls or
 * reasoning, or in the next request's input), and every call has an output by the end. Gemini, given a call
 * with no response after it, refuses the whole request with a 400 that names nothing; agate refuses it first,
 * naming the call. A call id used again later (an upstream id seen twice) opens a new call.
 */
export class CallOutputs {
  private readonly names = new Map<string, string>();
  private readonly pending = new Map<string, Pending>();

  call(type: CallType, callId: string, name: string, index: number): void {
    this.names.set(callId, name);
    this.pending.set(callId, { type, index });
  }

  /** The name of the function an output answers; `param` names its call_id. */
  output(type: OutputType, callId: string, param: string): string {
    const name = this.names.get(callId);
    if (name === undefined) {
      throw invalidRequest(
        `No tool call found for ${OUTPUT_WORDS[type]} with call_id ${callId}. An output answers a call made before it: send the call item with that call_id (function_call, custom_tool_call, local_shell_call, shell_call or apply_patch_call) before its output, or leave the output out.`,
        param,
      );
    }
    this.pending.delete(callId);
    return name;
  }

  /**
   * At the end of the conversation: a 400 when a call has no output. `paramOf` names the first such call's
   * item; a call from the history (previous_response_id), named otherwise, is answered in `input`.
   */
  end(paramOf: (index: number) => string): void {
    const ids = [...this.pending.keys()];
    const callId = ids[0];
    const first = callId === undefined ? undefined : this.pending.get(callId);
    if (callId === undefined || first === undefined) return;
    const kind = CALLS[first.type];
    const param = paramOf(first.index);
    const rest = ids.length === 1 ? "" : ` Calls without output too: ${ids.slice(1).join(", ")}.`;
    throw invalidRequest(
      `No tool output found for ${kind.words} ${callId}. Add a ${kind.output} item with call_id '${callId}' to 'input' after the call (its output may say the call failed or was skipped).${rest}`,
      param.startsWith("input") ? param : "input",
    );
  }
}
