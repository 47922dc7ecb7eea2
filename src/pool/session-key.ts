import { hash as digest } from "node:crypto";
import type { GenerateRequest } from "../hub/types.js";

/**
 * The key that keeps a conversation on one account (contract §6): the client's own key (prompt_cache_key,
 * x-session-id, user, previous_response_id — already in `sessionKey`), else the first user message, so the
 * turns of one conversation hash alike. Hashed: the store never holds the client's text. Undefined when
 * the request has neither.
 */
export function sessionKeyFor(request: GenerateRequest): string | undefined {
  if (request.sessionKey !== undefined && request.sessionKey !== "") return hash("key", request.sessionKey);
  const firstUser = request.turns.find((turn) => turn.role === "user");
  if (firstUser === undefined) return undefined;
  const text = firstUser.parts
    .map((part) => (part.type === "text" ? part.text : `[${part.type}]`))
    .join("\n");
  return text === "" ? undefined : hash("first-message", `${request.system ?? ""}\0${text}`);
}

// crypto.hash: one call, no Hash object (createHash was 2% of the CPU at c=64, see bench/README.md).
function hash(kind: string, text: string): string {
  return `${kind}:${digest("sha256", text, "base64url").slice(0, 22)}`;
}
