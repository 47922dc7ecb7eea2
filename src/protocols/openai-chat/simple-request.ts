import type { ChatRequest } from "./request-schema.js";

/**
 * The common request, recognised without zod: `model`, `messages` of plain strings (system, developer, user,
 * assistant), `stream`, and nothing else. Such a body is valid as it is, and zod's result would be a copy of it;
 * anything else (or anything doubtful) returns undefined, and the schema decides. The validation was the
 * largest JavaScript cost of a small request after the pipeline (bench/README.md).
 */
export function simpleChatRequest(body: unknown): ChatRequest | undefined {
  if (!isPlainObject(body)) return undefined;
  for (const key in body) if (!TOP_LEVEL.has(key)) return undefined;
  const { model, messages, stream } = body;
  if (typeof model !== "string" || model === "") return undefined;
  if (stream !== undefined && stream !== null && typeof stream !== "boolean") return undefined;
  if (!Array.isArray(messages) || messages.length === 0) return undefined;
  for (const message of messages) if (!isSimpleMessage(message)) return undefined;
  return body as ChatRequest;
}

const TOP_LEVEL = new Set(["model", "messages", "stream"]);
const ROLES = new Set(["system", "developer", "user", "assistant"]);
const MESSAGE_KEYS = new Set(["role", "content", "name"]);

function isSimpleMessage(message: unknown): boolean {
  if (!isPlainObject(message)) return false;
  for (const key in message) if (!MESSAGE_KEYS.has(key)) return false;
  const { role, content, name } = message;
  return (
    typeof role === "string" &&
    ROLES.has(role) &&
    typeof content === "string" &&
    (name === undefined || typeof name === "string")
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
