import { parseGoogleDuration } from "./duration.js";
import type { GoogleErrorInfo } from "./upstream-error.js";

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null;
const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** Reads a Google error body ({"error":{code,message,status,details}}); tolerant of anything else. */
export function parseGoogleError(body: unknown): GoogleErrorInfo | undefined {
  const error = isObject(body) ? body.error : undefined;
  if (!isObject(error)) return undefined;
  const info: GoogleErrorInfo = { quotaIds: [] };
  const status = text(error.status);
  const message = text(error.message);
  if (status !== undefined) info.status = status;
  if (message !== undefined) info.message = message;
  const details = Array.isArray(error.details) ? error.details : [];
  for (const detail of details) {
    if (!isObject(detail)) continue;
    const type = text(detail["@type"]) ?? "";
    if (type.endsWith("google.rpc.RetryInfo")) {
      const delay = parseGoogleDuration(text(detail.retryDelay) ?? "");
      if (delay !== undefined) info.retryDelayMs = delay;
    } else if (type.endsWith("google.rpc.QuotaFailure") && Array.isArray(detail.violations)) {
      for (const violation of detail.violations) {
        const quotaId = isObject(violation) ? text(violation.quotaId) : undefined;
        if (quotaId !== undefined) info.quotaIds.push(quotaId);
      }
    } else if (type.endsWith("google.rpc.ErrorInfo")) {
      const reason = text(detail.reason);
      if (reason !== undefined) info.reason = reason;
      const metadata = isObject(detail.metadata) ? detail.metadata : {};
      const resetDelay = parseGoogleDuration(text(metadata.quotaResetDelay) ?? "");
      if (resetDelay !== undefined) info.quotaResetDelayMs = resetDelay;
      const resetAt = text(metadata.quotaResetTimeStamp);
      if (resetAt !== undefined) info.quotaResetTimestamp = resetAt;
    }
  }
  return info;
}
