import type { z } from "zod";
import { type AgateError, invalidRequest } from "../errors.js";

/** ["messages", 2, "content"] → "messages[2].content" */
export function paramPath(path: readonly PropertyKey[]): string {
  let result = "";
  for (const key of path) {
    if (typeof key === "number") result += `[${key}]`;
    else result += result === "" ? String(key) : `.${String(key)}`;
  }
  return result;
}

/** The first zod issue as a 400 naming the offending param. */
export function zodErrorToRequestError(error: z.ZodError): AgateError {
  const issue = error.issues[0];
  if (issue === undefined) return invalidRequest("The request body is invalid.");
  const param = paramPath(issue.path);
  const where = param === "" ? "The request body" : `'${param}'`;
  return invalidRequest(`${where}: ${issue.message}`, param === "" ? null : param, "invalid_value");
}
