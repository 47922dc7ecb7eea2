import { type AgateError, invalidRequest } from "../errors.js";

/** A tool_choice that asks for a call (required, or a tool named) in a request that declares no tool. */
export const toolChoiceWithoutTools = (): AgateError =>
  invalidRequest("'tool_choice' needs 'tools': declare the functions the model may call.", "tool_choice");

/** A choice that names a tool the request did not declare in `declaredIn` (tools, or the deprecated functions). */
export const undeclaredTool = (param: string, name: string, declaredIn = "tools"): AgateError =>
  invalidRequest(`'${param}' names '${name}', which is not in '${declaredIn}'.`, param);
