import { type AgateError, invalidRequest } from "../../errors.js";
import type { GenerateRequest } from "../../hub/types.js";
import { alwaysSearches } from "../../routing/search-models.js";

/**
 * What an OpenAI-compatible server cannot be asked for, as the client's 400, found before any call: the tools
 * agate serves with Gemini's own, which Chat Completions has no tool for. An answer written without them would
 * be another answer (contract §5: the model guessing what code would print, or answering from what it knew
 * without searching), so the pool passes such an account over for a Gemini one, and answers this only when no
 * account that takes the tool serves the model.
 *
 * - Code execution (the Responses code_interpreter tool). Code replayed from earlier turns is no refusal: it is
 *   dropped, the text around it kept (encode-request.ts).
 * - A web search (a Responses web_search tool, chat's `web_search_options`, or an OpenAI search model's name
 *   mapped to this account's model). `web_search_options` is OpenAI's for its search models alone, which search
 *   on every answer anyway; other servers ignore or refuse it. So a request sent to an OpenAI search model goes
 *   (the server searches on its own); any other model is refused.
 */
export function refusedTool(request: GenerateRequest): AgateError | undefined {
  if (request.codeExecution === true) {
    return invalidRequest(
      `The 'code_interpreter' tool cannot run on '${request.model}': only OpenAI-compatible accounts serve that ` +
        "model, and agate runs code with Gemini's code execution alone (Chat Completions has no tool that runs " +
        "code). Remove the tool, or map the model (model_mapping) to a Gemini model.",
      "tools",
    );
  }
  if (request.grounding === true && !alwaysSearches(request.model)) {
    return invalidRequest(
      `A web search cannot run on '${request.model}': only OpenAI-compatible accounts serve that model, and ` +
        "agate searches with Gemini's Google Search alone (Chat Completions has no search tool but on OpenAI's " +
        "search models). Ask without the search, or map the model (model_mapping) to a Gemini model.",
      request.searchParam ?? "tools",
    );
  }
  return undefined;
}
