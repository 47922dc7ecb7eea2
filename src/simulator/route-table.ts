import type { SimOperation } from "./script-types.js";
import type { RequestKind } from "./simulator-types.js";

export type Operation = SimOperation | "token" | "userinfo" | "control" | "unknown";

export interface RouteMatch {
  kind: RequestKind;
  operation: Operation;
  /** From the URL (Gemini API); Cloud Code names it in the body. */
  model?: string;
  stream: boolean;
}

const geminiModelOperations = new Set<string>(["generateContent", "streamGenerateContent", "countTokens"]);
const cloudCodeOperations = new Set<string>([
  "generateContent",
  "streamGenerateContent",
  "countTokens",
  "loadCodeAssist",
  "onboardUser",
  "fetchAvailableModels",
]);

export function matchRoute(method: string, path: string): RouteMatch {
  if (path.startsWith("/v1beta/")) return matchGemini(method, path);
  if (path.startsWith("/v1internal:")) {
    const operation = path.slice("/v1internal:".length);
    const known = method === "POST" && cloudCodeOperations.has(operation);
    return route("cloudcode", known ? (operation as SimOperation) : "unknown");
  }
  if (path === "/token") return route("oauth", method === "POST" ? "token" : "unknown");
  if (path === "/oauth2/v2/userinfo") return route("oauth", method === "GET" ? "userinfo" : "unknown");
  if (path.startsWith("/__sim/")) return route("control", "control");
  return route("gemini", "unknown");
}

function matchGemini(method: string, path: string): RouteMatch {
  if (path === "/v1beta/models") return route("gemini", method === "GET" ? "listModels" : "unknown");
  if (!path.startsWith("/v1beta/models/")) return route("gemini", "unknown");
  const rest = safeDecode(path.slice("/v1beta/models/".length));
  const colon = rest.lastIndexOf(":");
  if (colon < 0) return { ...route("gemini", method === "GET" ? "getModel" : "unknown"), model: rest };
  const operation = rest.slice(colon + 1);
  const known = method === "POST" && geminiModelOperations.has(operation);
  return { ...route("gemini", known ? (operation as SimOperation) : "unknown"), model: rest.slice(0, colon) };
}

function route(kind: RequestKind, operation: Operation): RouteMatch {
  return { kind, operation, stream: operation === "streamGenerateContent" };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
