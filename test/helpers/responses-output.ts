import type { GenerateEvent } from "../../src/hub/types.js";
import type { ToolKind } from "../../src/protocols/responses/decode-tools.js";
import { OutputBuilder, type OutputBuilderOptions } from "../../src/protocols/responses/output-builder.js";
import type { ResponseEvent } from "../../src/protocols/responses/output-types.js";

/** For the Responses output builder's tests: the builder, a run of it over an answer, and the answer's events. */

/** The builder's options a test may set; `tools` by name, as the request declared them. */
export type TestBuilderOptions = Partial<Omit<OutputBuilderOptions, "newItemId" | "tools">> & {
  tools?: Record<string, ToolKind>;
};

/**
 * An OutputBuilder whose item ids are numbered in the order they are made (`msg_1`, `rs_2`...): no tools, no
 * encrypted content, a reasoning summary asked for, unless `options` says otherwise.
 */
export function outputBuilder(options: TestBuilderOptions = {}): OutputBuilder {
  let counter = 0;
  const { tools = {}, ...rest } = options;
  return new OutputBuilder({
    newItemId: (prefix) => `${prefix}_${++counter}`,
    tools: new Map(Object.entries(tools)),
    includeEncrypted: false,
    reasoningSummary: true,
    ...rest,
  });
}

/** Feeds every event to a new builder, then ends it: its output, the events it produced (and their types), itself. */
export function runOutput(events: GenerateEvent[], options: TestBuilderOptions = {}) {
  const builder = outputBuilder(options);
  const produced: ResponseEvent[] = [];
  for (const event of events) produced.push(...builder.handle(event));
  produced.push(...builder.end());
  return { output: builder.output, events: produced, types: produced.map((event) => event.type), builder };
}

/** Text of the first candidate. */
export const text = (value: string): GenerateEvent => ({ type: "text-delta", candidate: 0, text: value });

/** A thought of the first candidate, signed or not. */
export const thought = (value: string, signature?: string): GenerateEvent =>
  signature === undefined
    ? { type: "reasoning-delta", candidate: 0, text: value }
    : { type: "reasoning-delta", candidate: 0, text: value, signature };

/** A function call of the first candidate. */
export const toolCall = (id: string, name: string, args: Record<string, unknown>): GenerateEvent => ({
  type: "tool-call",
  candidate: 0,
  id,
  name,
  arguments: args,
});

/** Gemini's STOP. */
export const stop: GenerateEvent = { type: "finish", candidate: 0, reason: "stop", rawReason: "STOP" };

/** A completed assistant message item holding `value`, as the output ends up with it. */
export const completedMessage = (
  id: string,
  value: string,
  phase: "commentary" | "final_answer",
  annotations: unknown[] = [],
) => ({
  type: "message",
  id,
  status: "completed",
  role: "assistant",
  phase,
  content: [{ type: "output_text", text: value, annotations, logprobs: [] }],
});
