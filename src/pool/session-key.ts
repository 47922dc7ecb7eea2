import { hash as digest } from "node:crypto";
import type { GenerateRequest } from "../hub/types.js";

/**
 * The key that keeps a conversation on one account (contract §6): the client's own key (prompt_cache_key,
 * x-session-id, user, previous_response_id — already in `sessionKey`), else the first user message, so the
 * turns of one conversation hash alike. Hashed: the store never holds the client's text. Undefined when
 * the request has neither. A key it derived, given back (a stored response's, for its previous_response_id
 * continuation, whose instructions may differ), is kept as it is.
 */
export function sessionKeyFor(request: GenerateRequest): string | undefined {
  const given = request.sessionKey;
  // A key derived here before, kept with a stored response: its continuation is the same conversation.
  if (given?.startsWith(FIRST_MESSAGE) === true) return given;
  if (given !== undefined && given !== "") return hash("key", given);
  const firstUser = request.turns.find((turn) => turn.role === "user");
  if (firstUser === undefined) return undefined;
  const text = firstUser.parts
    .map((part) => (part.type === "text" ? part.text : `[${part.type}]`))
    .join("\n");
  return text === "" ? undefined : hash(FIRST_MESSAGE.slice(0, -1), `${request.system ?? ""}\0${text}`);
}

/** The prefix of a key derived from the first message. */
const FIRST_MESSAGE = "first-message:";

// crypto.hash: one call, no Hash object (createHash was 2% of the CPU at c=64, see bench/README.md).
function hash(kind: string, text: string): string {
  return `${kind}:${digest("sha256", text, "base64url").slice(0, 22)}`;
}
