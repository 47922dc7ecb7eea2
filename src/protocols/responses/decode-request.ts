import { AgateError, invalidRequest } from "../../errors.js";
import type { GenerateRequest, GenerationSettings, ResponseFormat } from "../../hub/types.js";
import { emptyPromptTurn } from "../empty-prompt.js";
import { reasoningEffortOf } from "../reasoning-effort.js";
import { zodErrorToRequestError } from "../zod-issues.js";
import { decodeInputItems, isMessage, type Unseal } from "./decode-input.js";
import { type DecodedResponsesTools, decodeResponsesTools } from "./decode-tools.js";
import { refuseDuplicateIds } from "./duplicate-items.js";
import { refuseOverLimits } from "./openai-limits.js";
import { refuseUnsupported } from "./refuse-unsupported.js";
import { checkedResponsesRequestSchema, type InputItem, type ResponsesRequest } from "./request-schema.js";
import { validateItems } from "./validate-items.js";

export interface ResponsesDecodeContext {
  /** The conversation so far when `previous_response_id` is set: earlier inputs and outputs, in order. */
  history: readonly InputItem[];
  /** Items by id, for `item_reference`. */
  resolveItem: (id: string) => InputItem | undefined;
  sessionHeader?: string;
  /** Opens `compaction` items (sealed by POST /v1/responses/compact); without it they are refused. */
  unseal?: Unseal;
}

export interface DecodedResponsesRequest {
  body: ResponsesRequest;
  generate: GenerateRequest;
  tools: DecodedResponsesTools;
  /** This request's own input items, references resolved: what the store keeps and input_items lists. */
  input: InputItem[];
}

/** Parses the body (400 naming the param on a bad one); the rest needs the store, so it comes separately. */
export function parseResponsesRequest(body: unknown): ResponsesRequest {
  const parsed = checkedResponsesRequestSchema.safeParse(validateItems(body));
  if (!parsed.success) throw zodErrorToRequestError(parsed.error);
  refuseOverLimits(parsed.data);
  refuseUnsupported(parsed.data);
  return parsed.data;
}

/** A parsed Responses request + its history → GenerateRequest (model still the client's name). */
export function decodeResponsesRequest(
  body: ResponsesRequest,
  context: ResponsesDecodeContext,
): DecodedResponsesRequest {
  const input = resolveReferences(inputItems(body.input), context);
  const history = context.history;
  refuseDuplicateIds(input, history);
  const { system, turns } = inHistoryNamedAsIs(() =>
    decodeInputItems(
      [...history, ...input],
      (index) => (index < history.length ? HISTORY_PARAM : `input[${index - history.length}]`),
      context.unseal,
    ),
  );
  // Developer or system messages alone are answered; `instructions` alone are not input. A message with no
  // content (`input: ""`) is an empty prompt, which OpenAI answers.
  if (turns.length === 0 && system.every((text) => text === "")) {
    if (!input.some(isMessage)) {
      throw invalidRequest("'input' must hold at least one message or item with content.", "input");
    }
    turns.push(emptyPromptTurn());
  }
  const tools = decodeResponsesTools(body);
  const generate: GenerateRequest = {
    requestedModel: body.model,
    model: body.model,
    turns,
    settings: decodeSettings(body),
    stream: body.stream === true,
  };
  const instructions = [body.instructions ?? "", ...system].filter((text) => text !== "");
  if (instructions.length > 0) generate.system = instructions.join("\n\n");
  if (tools.declarations.length > 0) generate.tools = tools.declarations;
  if (tools.toolChoice !== undefined) generate.toolChoice = tools.toolChoice;
  if (tools.grounding) generate.grounding = true;
  if (tools.codeExecution) generate.codeExecution = true;
  if (body.parallel_tool_calls === false) generate.parallelToolCalls = false;
  const sessionKey = body.prompt_cache_key ?? context.sessionHeader ?? body.safety_identifier ?? body.user;
  if (sessionKey != null && sessionKey !== "") generate.sessionKey = sessionKey;
  return { body, generate, tools, input };
}

const HISTORY_PARAM = "previous_response_id";

/** A fault inside the stored history is reported as `previous_response_id`, the param the client sent. */
function inHistoryNamedAsIs<T>(decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof AgateError && error.param?.startsWith(`${HISTORY_PARAM}.`)) {
      throw invalidRequest(
        `The conversation behind '${HISTORY_PARAM}' cannot be replayed: ${error.message}`,
        HISTORY_PARAM,
      );
    }
    throw error;
  }
}

function inputItems(input: ResponsesRequest["input"]): InputItem[] {
  if (input === undefined) return [];
  if (typeof input === "string") return [{ role: "user", content: input }];
  return input;
}

function resolveReferences(items: InputItem[], context: ResponsesDecodeContext): InputItem[] {
  return items.map((item, index) => {
    if (!("type" in item) || item.type !== "item_reference") return item;
    const resolved = context.resolveItem(item.id);
    if (resolved === undefined) {
      throw invalidRequest(
        `'input[${index}].id': no stored item has the id '${item.id}'.`,
        `input[${index}].id`,
      );
    }
    return resolved;
  });
}

function decodeSettings(body: ResponsesRequest): GenerationSettings {
  const settings: GenerationSettings = {};
  if (body.max_output_tokens != null) settings.maxOutputTokens = body.max_output_tokens;
  if (body.temperature != null) settings.temperature = body.temperature;
  if (body.top_p != null) settings.topP = body.top_p;
  const effort = body.reasoning?.effort;
  const summary = body.reasoning?.summary;
  if (effort != null) settings.reasoningEffort = reasoningEffortOf(effort);
  // The thoughts are the reasoning summary: OpenAI gives none (`summary: []`) unless one is asked for, and
  // none at all for the effort `none` (Gemini 3 thinks all the same).
  if (effort != null || summary != null) settings.includeReasoning = summary != null && effort !== "none";
  // The API gives log probabilities where `include` asks for them, with top_logprobs alternatives each.
  if (body.include?.includes("message.output_text.logprobs") === true) {
    settings.logprobs = true;
    if (body.top_logprobs != null && body.top_logprobs > 0) settings.topLogprobs = body.top_logprobs;
  }
  const format = decodeFormat(body.text?.format);
  if (format !== undefined) settings.responseFormat = format;
  return settings;
}

function decodeFormat(format: NonNullable<ResponsesRequest["text"]>["format"]): ResponseFormat | undefined {
  if (format == null || format.type === "text") return undefined;
  if (format.type === "json_object") return { type: "json" };
  const schema = format as { name?: string | null; schema: Record<string, unknown> };
  return schema.name == null
    ? { type: "json-schema", schema: schema.schema }
    : { type: "json-schema", name: schema.name, schema: schema.schema };
}
