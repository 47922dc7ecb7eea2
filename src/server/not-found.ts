import { type AgateError, notFound } from "../errors.js";
import { urlPath } from "./url-path.js";

const KNOWN_ENDPOINTS = ["/chat/completions", "/completions", "/responses", "/models", "/embeddings"];

/**
 * A 404 that helps: when the path looks like a mis-built base URL (`/v1/v1/...`, `/v1/chat/completions/responses`,
 * `/chat/completions` without `/v1`, an empty segment `//` from a base URL ending in `/`), the message names the
 * base URL to configure; a served route called with a trailing slash is named without it.
 */
export function routeNotFound(method: string, url: string, baseUrl: string): AgateError {
  const path = urlPath(url);
  const served = SERVED.map((route) => `${baseUrl}${route}`).join(", ");
  let advice: string;
  if (path.includes("//"))
    advice = `The path has an empty segment ('//'): the client's base URL probably ends in '/'. Set it to ${baseUrl}/v1, without the trailing slash.`;
  else if (SERVED.includes(path.slice(0, -1)) && path.endsWith("/"))
    advice = `Call ${baseUrl}${path.slice(0, -1)} (no trailing slash).`;
  else if (method !== "POST" && POST_ROUTES.includes(path))
    advice = `${path} takes POST with a JSON body (GET ${baseUrl}/v1/models lists the models).`;
  else if (misBuiltHint(path))
    advice = `The client's base URL looks mis-built: set it to ${baseUrl}/v1 (the SDK appends /chat/completions itself).`;
  else if (STORED_CHAT_COMPLETION.test(path))
    advice = `agate does not store chat completions, so they cannot be read, listed or deleted; ${baseUrl}/v1/responses keeps what it answers (store: true).`;
  else advice = `agate serves ${served}.`;
  return notFound(`Unknown route: ${method} ${path}. ${advice}`, "unknown_route");
}

const POST_ROUTES = ["/v1/chat/completions", "/v1/completions", "/v1/responses", "/v1/responses/compact"];

const SERVED = ["/v1/chat/completions", "/v1/completions", "/v1/responses", "/v1/models", "/healthz"];

/** `chat.completions.retrieve`, `update`, `delete` and `messages.list` of OpenAI's stored chat completions. */
const STORED_CHAT_COMPLETION = /^\/v1\/chat\/completions\/[^/]+(\/messages)?$/;

function misBuiltHint(path: string): boolean {
  if (path.startsWith("/v1/v1/") || path === "/v1/v1") return true;
  if (
    !path.startsWith("/v1/") &&
    KNOWN_ENDPOINTS.some((endpoint) => path === endpoint || path.startsWith(`${endpoint}/`))
  ) {
    return true;
  }
  // A base URL ending in an endpoint: /v1/chat/completions/responses, /v1/completions/chat/completions.
  const after = /^\/v1\/(?:chat\/)?completions(\/.*)$/.exec(path)?.[1];
  if (after !== undefined && KNOWN_ENDPOINTS.some((endpoint) => after.startsWith(endpoint))) return true;
  return /^\/v1\/.+\/v1(\/|$)/.test(path);
}
