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

/** An issue to report: where it lies and what it says. */
export interface ReportedIssue {
  path: readonly PropertyKey[];
  message: string;
}

/**
 * The issue to report for `issue`. A union that no branch matched says so at the union's own path
 * (`messages[0].content`), with its own message. When exactly one branch got as far as a field of an object
 * inside the value (say the `type` of an array's part), the value was meant for that branch: its first issue
 * is reported instead, at its full path (`messages[0].content[0].type`), followed down through nested unions.
 * A branch that only found the value's elements of the wrong kind (`prompt: [1, 2]`) does not count: the
 * union's message says best what was expected.
 */
export function reportedIssue(issue: z.core.$ZodIssue): ReportedIssue {
  let path: readonly PropertyKey[] = issue.path;
  let current = issue;
  while (current.code === "invalid_union") {
    const reachedAField = current.errors.filter(
      (branch) =>
        branch.length > 0 && branch.every((inner) => inner.path.some((key) => typeof key === "string")),
    );
    const inner = reachedAField.length === 1 ? reachedAField[0]?.[0] : undefined;
    if (inner === undefined) break;
    path = [...path, ...inner.path];
    current = inner;
  }
  return { path, message: current.message };
}

/** The first zod issue as a 400 naming the offending param. */
export function zodErrorToRequestError(error: z.ZodError): AgateError {
  const first = error.issues[0];
  if (first === undefined) return invalidRequest("The request body is invalid.");
  const issue = reportedIssue(first);
  const param = paramPath(issue.path);
  const where = param === "" ? "The request body" : `'${param}'`;
  return invalidRequest(`${where}: ${issue.message}`, param === "" ? null : param, "invalid_value");
}
