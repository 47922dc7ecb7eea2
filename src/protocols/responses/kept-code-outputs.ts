/**
 * What the runs of the model's code printed, kept by the store for the code_interpreter_call items whose
 * client did not ask for it (`outputs: null`, as OpenAI answers without `include:
 * ["code_interpreter_call.outputs"]`). The stored item is the one the client got, with the runs' output
 * under this key beside its own fields: previous_response_id and item_reference give it back to Gemini,
 * which would otherwise see code without its result, and what agate lists or returns of a stored response
 * leaves it out (`shownItem`) unless the GET's `include` asks for it. Items stored before it was kept have no
 * such key: their code goes back alone.
 */
export const KEPT_OUTPUTS = "agate_outputs";

export interface LogsOutput {
  type: "logs";
  logs: string;
}

/** The item as the store keeps it, with its runs' output. */
export const withKeptOutputs = (item: object, outputs: readonly LogsOutput[]): Record<string, unknown> => ({
  ...item,
  [KEPT_OUTPUTS]: outputs.map((output) => ({ ...output })),
});

/**
 * A stored item as its client was shown it: without the output agate kept for itself. `showKept` (a GET whose
 * `include` asks for code_interpreter_call.outputs) puts that output where the client was shown null, as the
 * create request's include would have.
 */
export function shownItem(item: Record<string, unknown>, showKept = false): Record<string, unknown> {
  if (!(KEPT_OUTPUTS in item)) return item;
  const { [KEPT_OUTPUTS]: kept, ...shown } = item;
  return showKept && shown.outputs == null ? { ...shown, outputs: kept } : shown;
}

/** A stored Response as its client was shown it (`showKept`: as `shownItem`); the same object when none of its items keeps more. */
export function shownResponse(response: Record<string, unknown>, showKept = false): Record<string, unknown> {
  const output = response.output;
  if (!Array.isArray(output) || !output.some(keepsOutputs)) return response;
  return {
    ...response,
    output: output.map((item) => (keepsOutputs(item) ? shownItem(item, showKept) : item)),
  };
}

const keepsOutputs = (item: unknown): item is Record<string, unknown> =>
  typeof item === "object" && item !== null && KEPT_OUTPUTS in item;
