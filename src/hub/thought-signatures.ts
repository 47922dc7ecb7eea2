import { baseToolCallId, idWithSignature, signatureOfCall } from "./tool-call-id.js";
import type { CodeExecutionPart, GenerateEvent, GenerateRequest, Part, TextPart, Turn } from "./types.js";

/**
 * Thought signatures kept by agate, by the id of what carried them: a tool call's (its own part), or the
 * Responses message whose text Gemini signed, or the code_interpreter_call whose code it signed.
 */
export interface SignatureLookup {
  /** The signatures known for these ids, by id (an agent's history replays hundreds at once). */
  findAll(ids: readonly string[]): ReadonlyMap<string, string>;
}

export interface SignatureSink {
  save(id: string, signature: string): void;
}

/**
 * On the way out: a tool call that came with a thought signature gets an id that carries it (after the id
 * Gemini gave the call, which the decoder put there), and the store remembers it under the id's own part
 * (so a client that truncates long ids still finds it). Other events are returned as they are.
 */
export function carrySignature(event: GenerateEvent, sink: SignatureSink): GenerateEvent {
  if (event.type !== "tool-call" || event.signature === undefined) return event;
  sink.save(baseToolCallId(event.id), event.signature);
  return { ...event, id: idWithSignature(event.id, event.signature) };
}

export interface ResolvedSignatures {
  request: GenerateRequest;
  /**
   * Ids of replayed tool calls that open a step (the first call after a user or tool turn) and for which no
   * signature could be found anywhere. Gemini signs only the first of parallel calls: the others never have one.
   */
  missing: string[];
}

/**
 * On the way in: every replayed tool call gets its signature back — the one its id carries, or from the
 * store (by the id's own part) when the client cut the id short or dropped the signature from it — and so
 * do an answer's text and code the model ran that name where the store keeps their signature
 * (`signatureKey`, which is dropped: found or not, it goes no further). Pure apart from the lookup; the
 * input is not mutated.
 */
export function resolveSignatures(request: GenerateRequest, lookup: SignatureLookup): ResolvedSignatures {
  const missing: string[] = [];
  // Each part the store is asked about, with the key it is asked under (a call's own part, read once): the
  // rewrite below reads a part's key from here, so which parts are looked up is decided in this one place.
  const storeKeys = new Map<Part, string>();
  let keyed = false;
  for (const turn of request.turns) {
    if (turn.role !== "assistant") continue;
    for (const part of turn.parts) {
      if (part.type === "tool-call" && part.signature === undefined)
        storeKeys.set(part, baseToolCallId(part.id));
      else if ((part.type === "text" || part.type === "code-execution") && part.signatureKey !== undefined) {
        keyed = true;
        if (part.signature === undefined) storeKeys.set(part, part.signatureKey);
      }
    }
  }
  if (storeKeys.size === 0 && !keyed) return { request, missing };
  // One lookup for all of them: a query each cost ≈ 3 µs, 100 of them for a long agent history.
  const stored = storeKeys.size === 0 ? NONE_STORED : lookup.findAll([...storeKeys.values()]);
  const storedFor = (part: Part): string | undefined => {
    const key = storeKeys.get(part);
    return key === undefined ? undefined : stored.get(key);
  };
  let changed = false;
  let stepHasCall = false;
  const turns = request.turns.map((turn): Turn => {
    if (turn.role !== "assistant") {
      stepHasCall = false;
      return turn;
    }
    let turnChanged = false;
    const parts = turn.parts.map((part): Part => {
      if (part.type === "text" || part.type === "code-execution") {
        if (part.signatureKey === undefined) return part;
        turnChanged = true;
        const signature = part.signature ?? storedFor(part);
        return part.type === "text" ? textWith(part, signature) : codeWith(part, signature);
      }
      if (part.type !== "tool-call") return part;
      const opensStep = !stepHasCall;
      stepHasCall = true;
      if (part.signature !== undefined) return part;
      const signature = signatureOfCall(part.id, storedFor(part));
      if (signature === undefined) {
        if (opensStep) missing.push(part.id);
        return part;
      }
      turnChanged = true;
      return { ...part, signature };
    });
    if (!turnChanged) return turn;
    changed = true;
    return { ...turn, parts };
  });
  return { request: changed ? { ...request, turns } : request, missing };
}

const NONE_STORED: ReadonlyMap<string, string> = new Map();

/** The code without its store key, with `signature` where there is one. */
function codeWith(part: CodeExecutionPart, signature: string | undefined): CodeExecutionPart {
  const { signatureKey: _key, signature: _given, ...code } = part;
  return signature === undefined ? code : { ...code, signature };
}

/** The text without its store key, with `signature` where there is one. */
function textWith(part: TextPart, signature: string | undefined): TextPart {
  return signature === undefined
    ? { type: "text", text: part.text }
    : { type: "text", text: part.text, signature };
}
