import { type AgateError, invalidRequest } from "../../errors.js";

/**
 * The tool_choice values that would force a call Gemini cannot be made to make. OpenAI's `required`, an
 * allowed_tools list in mode `required`, or a hosted tool named by its type, may be kept by a web search or
 * a code run; agate serves those with Gemini's Google Search and code execution, which the model uses only
 * when it sees fit, and only functions can be forced. Answering without the call would change the result,
 * so each is a 400 naming the setting (contract §5).
 */

const WHY =
  "agate serves web_search and code_interpreter with Gemini's own Google Search and code execution, which " +
  "the model uses only when it sees fit: Gemini can be made to call a function, never to search or run code.";

/** `required` in a request whose tools give Gemini no function to call. */
export const requiredWithoutFunctions = (): AgateError =>
  invalidRequest(
    `'tool_choice' is 'required', but no tool of the request is a function Gemini can be made to call: ${WHY} ` +
      "Send 'auto' to let the model decide, or declare the function it must call.",
    "tool_choice",
    "unsupported_value",
  );

/** A hosted tool (web_search, code_interpreter) named as the tool the model must call. */
export const hostedToolForced = (type: string): AgateError =>
  invalidRequest(
    `'tool_choice.type' is '${type}', which agate cannot force: ${WHY} Send 'auto' to let the model decide.`,
    "tool_choice.type",
    "unsupported_value",
  );

/** allowed_tools in mode `required` whose list holds no function: the call it forces would be a hosted one. */
export const requiredAmongHostedTools = (): AgateError =>
  invalidRequest(
    "'tool_choice.mode' is 'required', but 'tool_choice.tools' lists no function, custom, local_shell, shell " +
      `or apply_patch tool, so the call it forces would be a hosted one: ${WHY} Send mode 'auto', or list ` +
      "the functions one of which must be called.",
    "tool_choice.mode",
    "unsupported_value",
  );
