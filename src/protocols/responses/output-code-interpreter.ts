import type { CodeOutcome, CodeResult } from "../../hub/types.js";
import { callStatusOf } from "./code-interpreter-call.js";
import { type LogsOutput, withKeptOutputs } from "./kept-code-outputs.js";
import type { CodeInterpreterCallItem, OutputItem, ResponseEvent } from "./output-types.js";

/**
 * The `code_interpreter_call` items of a response whose model ran code (Gemini's code execution). Gemini
 * gives the code whole, then what each run printed, then goes on: a call opens with its code (the events
 * OpenAI sends while its model writes and runs code), takes the runs' results as they come, and is done
 * when the answer goes on, or ends. All the calls of a response share one container, as OpenAI's do. What
 * the runs printed is kept for the store even where the client is not shown it (kept-code-outputs.ts).
 */
export class CodeInterpreterCalls {
  private call:
    | { item: CodeInterpreterCallItem; index: number; outputs: LogsOutput[]; last?: CodeOutcome }
    | undefined;
  private containerId: string | undefined;
  /** The calls whose client is not shown their runs' output, with that output. */
  private readonly unshown = new Map<OutputItem, LogsOutput[]>();

  constructor(
    private readonly newItemId: (prefix: string) => string,
    /** `include` asked for code_interpreter_call.outputs. */
    private readonly includeOutputs: boolean,
  ) {}

  /** A call is open: its code ran, and more results may come. */
  get open(): boolean {
    return this.call !== undefined;
  }

  /** The open call's item id. */
  get openId(): string | undefined {
    return this.call?.item.id;
  }

  /** Opens a call with the model's code; `push` puts the item in the output and gives its index. */
  start(code: string, push: (item: OutputItem) => number): ResponseEvent[] {
    const id = this.newItemId("ci");
    this.containerId ??= this.newItemId("cntr");
    const item: CodeInterpreterCallItem = {
      type: "code_interpreter_call",
      id,
      status: "in_progress",
      code: "",
      container_id: this.containerId,
      outputs: this.includeOutputs ? [] : null,
    };
    const index = push(item);
    const outputs = item.outputs ?? [];
    if (item.outputs === null) this.unshown.set(item, outputs);
    this.call = { item, index, outputs };
    const about = { output_index: index, item_id: item.id };
    const events: ResponseEvent[] = [
      { type: "response.output_item.added", output_index: index, item: snapshot(item) },
      { type: "response.code_interpreter_call.in_progress", ...about },
    ];
    item.code = code;
    if (code !== "")
      events.push({ type: "response.code_interpreter_call_code.delta", ...about, delta: code });
    item.status = "interpreting";
    events.push(
      { type: "response.code_interpreter_call_code.done", ...about, code },
      { type: "response.code_interpreter_call.interpreting", ...about },
    );
    return events;
  }

  /** What a run of the open call's code gave: no event (OpenAI sends the outputs with the item's done). */
  result(result: CodeResult): void {
    const call = this.call;
    if (call === undefined) return;
    call.last = result.outcome;
    call.outputs.push({ type: "logs", logs: result.output });
  }

  /**
   * The open call is done: completed, failed or incomplete as its last run ended (incomplete without any).
   * Nothing when none is open.
   */
  close(): ResponseEvent[] {
    const call = this.call;
    if (call === undefined) return [];
    this.call = undefined;
    call.item.status = callStatusOf(call.last);
    return [
      { type: "response.code_interpreter_call.completed", output_index: call.index, item_id: call.item.id },
      { type: "response.output_item.done", output_index: call.index, item: snapshot(call.item) },
    ];
  }

  /**
   * `output` as the store keeps it: each call whose client was not shown its runs' output with that output
   * kept beside it. Undefined when there is no such call (the store keeps the output as the client got it).
   */
  stored(output: readonly OutputItem[]): object[] | undefined {
    if (this.unshown.size === 0) return undefined;
    return output.map((item) => {
      const outputs = this.unshown.get(item);
      return outputs === undefined ? item : withKeptOutputs(item, outputs);
    });
  }

  /**
   * The response ends while a call is open (a failure, a client that left): incomplete if its code had no
   * result yet, else as its last run ended — the run is over, only the answer after it was cut.
   */
  cutShort(): void {
    const call = this.call;
    this.call = undefined;
    if (call !== undefined) call.item.status = callStatusOf(call.last);
  }
}

/** A copy of the item as it is now, for an event: the item itself goes on changing. */
const snapshot = (item: CodeInterpreterCallItem): CodeInterpreterCallItem => ({
  ...item,
  outputs: item.outputs === null ? null : item.outputs.map((output) => ({ ...output })),
});
