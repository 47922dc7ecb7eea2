import { invalidRequest } from "../errors.js";

/** Deeper than any real request (JSON Schemas included); deep enough to stop stack-exhaustion bodies. */
export const MAX_BODY_DEPTH = 128;

/**
 * Refuses a JSON body nested deeper than `maxDepth` with a 400, before any recursive code (validation,
 * schema conversion, serialisation) can overflow the stack on it. Iterative, so the check itself cannot.
 */
export function assertBodyDepth(body: unknown, maxDepth = MAX_BODY_DEPTH): void {
  if (typeof body !== "object" || body === null) return;
  const stack: [unknown, number][] = [[body, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop() as [unknown, number];
    if (depth > maxDepth) {
      throw invalidRequest(`The request body nests deeper than ${maxDepth} levels.`, null, "body_too_deep");
    }
    const children = Array.isArray(value) ? value : Object.values(value as Record<string, unknown>);
    for (const child of children)
      if (typeof child === "object" && child !== null) stack.push([child, depth + 1]);
  }
}
