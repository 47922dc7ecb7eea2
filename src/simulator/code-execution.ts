import type { CodeDraft } from "./generation-draft.js";
import { arithmeticIn } from "./python-arithmetic.js";
import type { SimCode } from "./script-types.js";
import type { GenerateContentRequest } from "./types.js";

/** Whether the request lets the model run code (`tools: [{codeExecution: {}}]`). */
export function runsCode(request: GenerateContentRequest): boolean {
  return (request.tools ?? []).some(
    (tool) => typeof tool === "object" && tool !== null && "codeExecution" in tool,
  );
}

/**
 * The answer of a model that runs code for a prompt asking to work out some arithmetic (`What is 6 * 7?`):
 * a line saying so, Python that prints it, what the run printed, and the answer. Code that raises (a
 * division by zero) fails with Python's traceback, and the answer says so. Undefined when the prompt holds
 * no arithmetic.
 */
export function computedAnswer(said: string): { code: CodeDraft; text: string } | undefined {
  const arithmetic = arithmeticIn(said);
  if (arithmetic === undefined) return undefined;
  const { expression } = arithmetic;
  const preface = `Let me work out ${expression} with Python.`;
  const code = `print(${expression})`;
  if ("error" in arithmetic) {
    const output = `Traceback (most recent call last):\n  File "<string>", line 1, in <module>\n${arithmetic.error}\n`;
    return {
      code: { preface, code, results: [{ outcome: "OUTCOME_FAILED", output }] },
      text: `Running ${expression} failed: ${arithmetic.error}.`,
    };
  }
  return {
    code: { preface, code, results: [{ outcome: "OUTCOME_OK", output: `${arithmetic.printed}\n` }] },
    text: `${expression} = ${arithmetic.printed}.`,
  };
}

/** A script's code, its runs' outcomes OUTCOME_OK unless it says otherwise; `signature` on the code part. */
export function scriptedCode(code: SimCode, signature?: string): CodeDraft {
  return {
    ...(code.preface === undefined ? {} : { preface: code.preface }),
    ...(signature === undefined ? {} : { signature }),
    code: code.code,
    results: (code.results ?? []).map((result) => ({
      outcome: result.outcome ?? "OUTCOME_OK",
      output: result.output,
    })),
  };
}
