import type { CodeExecutionPart, CodeOutcome, CodeResult } from "../../hub/types.js";
import { KEPT_OUTPUTS } from "./kept-code-outputs.js";

/** A code_interpreter_call item's status, as OpenAI's Responses API names them. */
export type CodeCallStatus = "in_progress" | "interpreting" | "completed" | "incomplete" | "failed";

/**
 * How a call ended, from how its last run ended: code that raised is a failed call, code that ran out of
 * time an incomplete one (what it printed before is kept), and so is code with no result at all (the answer
 * stopped or was cut short before one came: nothing says it ran). The status carries the outcome back when
 * the client resends the item (codeExecutionOf): an incomplete call's last run timed out where it has one,
 * and one with none goes back as code alone, claiming no outcome.
 */
export function callStatusOf(outcome: CodeOutcome | undefined): CodeCallStatus {
  if (outcome === "failed") return "failed";
  if (outcome === "timed-out" || outcome === undefined) return "incomplete";
  return "completed";
}

type CodeOutputs = readonly ({ type: "logs"; logs: string } | { type: "image" })[] | null | undefined;

/** The shape of a resent code_interpreter_call that is read (request-schema.ts checks it). */
export interface CodeCallInput {
  status?: string | null | undefined;
  code?: string | null | undefined;
  outputs?: CodeOutputs;
  [KEPT_OUTPUTS]?: CodeOutputs;
}

/**
 * A resent code_interpreter_call → the code the model ran and each run's output (its `logs` outputs; Gemini
 * makes no images): those the client holds, else those agate's store kept for a client shown none
 * (kept-code-outputs.ts). The item's status says how the last run ended; the runs before it ran through.
 * With neither (a stateless client that did not ask for them with `include`, a response stored before they
 * were kept) the code goes alone; without code there is nothing to replay.
 */
export function codeExecutionOf(item: CodeCallInput): CodeExecutionPart | undefined {
  if (item.code == null || item.code === "") return undefined;
  const outputs = item.outputs ?? item[KEPT_OUTPUTS] ?? [];
  const logs = outputs.flatMap((output) => (output.type === "logs" ? [output.logs] : []));
  const last = outcomeOfStatus(item.status);
  const results = logs.map(
    (output, index): CodeResult => ({ outcome: index === logs.length - 1 ? last : "ok", output }),
  );
  return { type: "code-execution", code: item.code, results };
}

function outcomeOfStatus(status: string | null | undefined): CodeOutcome {
  if (status === "failed") return "failed";
  if (status === "incomplete") return "timed-out";
  return "ok";
}
