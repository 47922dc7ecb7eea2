import { errorInfo, localizedMessage } from "./error-details.js";
import type { GoogleErrorBody } from "./types.js";

/** HTTP status → google.rpc.Code name, as Google's front end maps them. */
const statusNames: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ABORTED",
  429: "RESOURCE_EXHAUSTED",
  499: "CANCELLED",
  500: "INTERNAL",
  501: "NOT_IMPLEMENTED",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

const defaultMessages: Record<number, string> = {
  400: "Request contains an invalid argument.",
  401: "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.",
  403: "The caller does not have permission",
  404: "Requested entity was not found.",
  429: "Resource has been exhausted (e.g. check quota).",
  500: "Internal error encountered.",
  503: "The service is currently unavailable.",
  504: "Deadline expired before operation could complete.",
};

export function googleStatusName(code: number): string {
  return statusNames[code] ?? (code >= 500 ? "UNKNOWN" : "FAILED_PRECONDITION");
}

/** `{"error":{"code","message","status","details"}}`, details always present. */
export function googleError(
  code: number,
  message = defaultMessages[code] ?? "Unknown error.",
  details: unknown[] = [],
  status = googleStatusName(code),
): GoogleErrorBody {
  return { error: { code, message, status, details } };
}

export function apiKeyMissing(): GoogleErrorBody {
  return googleError(
    403,
    "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
  );
}

export function apiKeyInvalid(): GoogleErrorBody {
  const message = "API key not valid. Please pass a valid API key.";
  return googleError(400, message, [
    errorInfo("API_KEY_INVALID", "googleapis.com", { service: "generativelanguage.googleapis.com" }),
    localizedMessage(message),
  ]);
}

/** What Google answers for a missing, unknown or expired OAuth access token. */
export function unauthenticatedError(reason = "ACCESS_TOKEN_EXPIRED"): GoogleErrorBody {
  return googleError(401, defaultMessages[401], [
    errorInfo(reason, "googleapis.com", { service: "cloudcode-pa.googleapis.com" }),
  ]);
}

export function modelNotFound(model: string): GoogleErrorBody {
  return googleError(
    404,
    `models/${model} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`,
  );
}

export function methodNotFound(): GoogleErrorBody {
  return googleError(404, "Method not found.");
}

export function invalidArgument(message: string): GoogleErrorBody {
  return googleError(400, message);
}
