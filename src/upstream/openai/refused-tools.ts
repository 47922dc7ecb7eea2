import { type AgateError, invalidRequest } from "../../errors.js";
import type { GenerateRequest } from "../../hub/types.js";

/**
 * What an OpenAI-compatible server cannot be asked for, as the client's 400, found before any call: code
 * execution (the Responses API's code_interpreter tool), which agate serves with Gemini's own sandbox. Chat
 * Completions has no tool that runs code, and an answer written without it would be another answer (the
 * model guessing what the code would print: contract §5), so the pool passes such an account over for a
 * Gemini one, and answers this only when no account that takes the tool serves the model. Code replayed
 * from earlier turns is no refusal: it is dropped, the text around it kept (encode-request.ts).
 */
export function refusedTool(request: GenerateRequest): AgateError | undefined {
  if (request.codeExecution !== true) return undefined;
  return invalidRequest(
    `The 'code_interpreter' tool cannot run on '${request.model}': only OpenAI-compatible accounts serve that ` +
      "model, and agate runs code with Gemini's code execution alone (Chat Completions has no tool that runs " +
      "code). Remove the tool, or map the model (model_mapping) to a Gemini model.",
    "tools",
  );
}
