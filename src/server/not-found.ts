import { type AgateError, notFound } from "../errors.js";
import { urlPath } from "./url-path.js";

const KNOWN_ENDPOINTS = ["/chat/completions", "/completions", "/responses", "/models", "/embeddings"];

/**
 * A 404 that helps: when the path looks like a mis-built base URL (`/v1/v1/...`, `/v1/chat/completions/responses`,
 * `/chat/completions` without `/v1`), the message names the base URL to configure.
 */
export function routeNotFound(method: string, url: string, baseUrl: string): AgateError {
  const path = urlPath(url);
  const hint = misBuiltHint(path);
  const advice = hint
    ? ` The client's base URL looks mis-built: set it to ${baseUrl}/v1 (the SDK appends /chat/completions itself).`
    : ` agate serves ${baseUrl}/v1/chat/completions, ${baseUrl}/v1/models and ${baseUrl}/healthz.`;
  return notFound(`Unknown route: ${method} ${path}.${advice}`, "unknown_route");
}

function misBuiltHint(path: string): boolean {
  if (path.startsWith("/v1/v1/") || path === "/v1/v1") return true;
  if (
    !path.startsWith("/v1/") &&
    KNOWN_ENDPOINTS.some((endpoint) => path === endpoint || path.startsWith(`${endpoint}/`))
  ) {
    return true;
  }
  return /^\/v1\/(chat\/)?completions\/./.test(path) || /^\/v1\/.+\/v1(\/|$)/.test(path);
}
