import { invalidRequest } from "../../errors.js";
import { toolChoiceWithoutTools } from "../tool-choice-errors.js";
import type { ResponsesRequest } from "./request-schema.js";

/**
 * Fields whose meaning agate cannot honour and whose loss would change the answer: refused with a 400 naming
 * them rather than silently dropped (contract §5). A conversation or a stored prompt lives at OpenAI, so
 * ignoring it would answer without the client's history or template; a call forced with no tool to call
 * would be answered with text. A background response not stored could not be retrieved.
 */
export function refuseUnsupported(body: ResponsesRequest): void {
  if (body.conversation != null) {
    throw invalidRequest(
      "'conversation' is not supported: agate does not serve conversations. Send the history in 'input', or " +
        "continue an earlier response with 'previous_response_id'.",
      "conversation",
      "unsupported_parameter",
    );
  }
  if (body.prompt != null) {
    throw invalidRequest(
      "'prompt' is not supported: agate does not serve stored prompts. Send the prompt's text as " +
        "'instructions' and 'input'.",
      "prompt",
      "unsupported_parameter",
    );
  }
  // A background response is polled by its id, so OpenAI keeps it; so does agate, which answers it at once.
  if (body.background === true && body.store === false) {
    throw invalidRequest(
      "A background response must be stored: it is retrieved by its id. Send 'store: true' (the default) or leave 'background' out.",
      "store",
      "invalid_value",
    );
  }
  if ((body.tools == null || body.tools.length === 0) && forcesACall(body.tool_choice))
    throw toolChoiceWithoutTools();
}

/** `required`, or a function (or custom tool) named: a choice no answer can keep without a tool. */
const forcesACall = (choice: ResponsesRequest["tool_choice"]): boolean =>
  choice === "required" ||
  (typeof choice === "object" && choice !== null && (choice.type === "function" || choice.type === "custom"));
