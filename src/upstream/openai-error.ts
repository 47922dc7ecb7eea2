import type { OpenAIErrorInfo } from "./upstream-error.js";

/**
 * Reads an OpenAI error body ({"error":{message,type,param,code}}): its string `type`, `code` and `param`,
 * where there are any. Google's bodies have none of them as strings (their code is a number): undefined.
 */
export function parseOpenAIError(body: unknown): OpenAIErrorInfo | undefined {
  const error = typeof body === "object" && body !== null ? (body as { error?: unknown }).error : undefined;
  if (typeof error !== "object" || error === null) return undefined;
  const info: OpenAIErrorInfo = {};
  for (const field of ["type", "code", "param"] as const) {
    const value = (error as Record<string, unknown>)[field];
    if (typeof value === "string" && value !== "") info[field] = value;
  }
  return Object.keys(info).length === 0 ? undefined : info;
}
