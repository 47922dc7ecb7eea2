import type { Usage } from "../../hub/types.js";
import { listHint, RepeatedLists, RepeatedTexts } from "../../repeated-lists.js";
import type { OutputItem } from "./output-types.js";
import type { ResponsesRequest } from "./request-schema.js";

export type ResponseStatus = "in_progress" | "completed" | "incomplete" | "failed";

export interface ResponseState {
  id: string;
  createdAt: number;
  status: ResponseStatus;
  completedAt?: number;
  output: OutputItem[];
  usage?: Usage;
  error?: { code: string; message: string };
  incompleteReason?: "max_output_tokens" | "content_filter";
}

/**
 * The full Response object: every field of the official schema, null where unknown, the request's
 * settings echoed. `model` is the name the client asked for. Made of the sections below, in this order,
 * which ResponseJson serialises apart. Object.assign, not spreads: after the first, a spread copied
 * property by property (≈ 35 µs against ≈ 2 µs here).
 */
export function responseObject(state: ResponseState, request: ResponsesRequest): Record<string, unknown> {
  return Object.assign(
    stateHead(state, request),
    { instructions: request.instructions ?? null },
    echoBeforeOutput(request),
    { output: state.output },
    echoBeforeTools(request),
    { tools: echoedTools(request) },
    echoAfterTools(request),
    { usage: usageOf(state) },
    echoLast(request),
  );
}

const echoedTools = (request: ResponsesRequest) =>
  (request.tools ?? []).map((tool) => (tool.type === "function" ? { strict: true, ...tool } : tool));

// The Response's fields in sections: what the state says, the request's echo before the output, after it,
// and its last field after the usage.

/** What the state says, before the echo (and `background` as asked, in its place among them). */
const stateHead = (state: ResponseState, request: ResponsesRequest) => ({
  id: state.id,
  object: "response",
  created_at: state.createdAt,
  status: state.status,
  background: request.background === true,
  completed_at: state.completedAt ?? null,
  conversation: null,
  error: state.error ?? null,
  incomplete_details: state.incompleteReason === undefined ? null : { reason: state.incompleteReason },
});

const echoBeforeOutput = (request: ResponsesRequest) => ({
  max_output_tokens: request.max_output_tokens ?? null,
  max_tool_calls: request.max_tool_calls ?? null,
  metadata: request.metadata ?? {},
  model: request.model,
});

const echoBeforeTools = (request: ResponsesRequest) => ({
  parallel_tool_calls: request.parallel_tool_calls ?? true,
  previous_response_id: request.previous_response_id ?? null,
  prompt: null,
  prompt_cache_key: request.prompt_cache_key ?? null,
  reasoning: { effort: request.reasoning?.effort ?? null, summary: request.reasoning?.summary ?? null },
  safety_identifier: request.safety_identifier ?? null,
  // The tier that served the request, as OpenAI reports it: agate asks the upstream for none.
  service_tier: "default",
  store: request.store ?? true,
  temperature: request.temperature ?? 1,
  text: {
    format: request.text?.format ?? { type: "text" },
    verbosity: request.text?.verbosity ?? "medium",
  },
  tool_choice: request.tool_choice ?? "auto",
});

const echoAfterTools = (request: ResponsesRequest) => ({
  top_logprobs: request.top_logprobs ?? 0,
  top_p: request.top_p ?? 1,
  truncation: request.truncation ?? "disabled",
});

const usageOf = (state: ResponseState) => (state.usage === undefined ? null : responseUsage(state.usage));

const echoLast = (request: ResponsesRequest) => ({ user: request.user ?? null });

/** A Response as JSON, whole and as the store keeps it. */
export interface SerializedResponse {
  /** Byte for byte `JSON.stringify(responseObject(state, request))`. */
  whole: string;
  /**
   * The store's `response` column: the same with `"output":null`, and where `echo` is set, with
   * `"instructions":null` and `"tools":[]` too.
   */
  stored: string;
  /** The output items as the store keeps them (its `output_items` column). */
  output: string;
  /**
   * The echoed instructions' and tools' JSON, when they are large enough (1 KB together) for the store to
   * keep them once for all the responses that echo them: an agent sends the same every turn.
   */
  echo?: { instructions: string; tools: string };
}

/** From this size on (instructions and tools together, as JSON), the store keeps the echo apart. */
const ECHO_APART_BYTES = 1024;

interface EchoJson {
  beforeOutput: string;
  afterOutput: string;
  last: string;
  /** The same sections with `"instructions":null` and `"tools":[]`, when the store keeps those apart. */
  apart?: { beforeOutput: string; afterOutput: string; instructions: string; tools: string };
}

/**
 * One response's Response objects as JSON. The request's echo (instructions and tools: often tens of KB for a
 * coding agent) is the same in each of them (response.created, response.in_progress, the terminal event, the
 * JSON answer, the stored row): it is serialised once, and each Response spliced together from it and what
 * the state says.
 */
export class ResponseJson {
  private echo: EchoJson | undefined;

  constructor(private readonly request: ResponsesRequest) {}

  /** `JSON.stringify(responseObject(state, request))`. */
  of(state: ResponseState): string {
    const echo = this.echoJson();
    return spliced(stateJson(state, this.request), echo, echo, JSON.stringify(state.output));
  }

  /** `storedOutput`: the output as the store keeps it, where it holds more than the client is shown. */
  serialize(state: ResponseState, storedOutput?: readonly object[]): SerializedResponse {
    const echo = this.echoJson();
    const shown = JSON.stringify(state.output);
    const output = storedOutput === undefined ? shown : JSON.stringify(storedOutput);
    const stateParts = stateJson(state, this.request);
    const whole = spliced(stateParts, echo, echo, shown);
    const { apart } = echo;
    if (apart === undefined) return { whole, stored: spliced(stateParts, echo, echo, "null"), output };
    return {
      whole,
      stored: spliced(stateParts, apart, echo, "null"),
      output,
      echo: { instructions: apart.instructions, tools: apart.tools },
    };
  }

  private echoJson(): EchoJson {
    if (this.echo !== undefined) return this.echo;
    const request = this.request;
    const instructions = instructionsJson(request);
    const tools = echoedToolsJson(request);
    const beforeOutput = members(echoBeforeOutput(request));
    const [beforeTools, afterTools] = [members(echoBeforeTools(request)), members(echoAfterTools(request))];
    this.echo = {
      beforeOutput: `"instructions":${instructions},${beforeOutput}`,
      afterOutput: `${beforeTools},"tools":${tools},${afterTools}`,
      last: members(echoLast(request)),
    };
    if (instructions.length + tools.length >= ECHO_APART_BYTES) {
      this.echo.apart = {
        beforeOutput: `"instructions":null,${beforeOutput}`,
        afterOutput: `${beforeTools},"tools":[],${afterTools}`,
        instructions,
        tools,
      };
    }
    return this.echo;
  }
}

/**
 * A Response's JSON: what the state says (stateJson), the echo's sections around the output (the echo's own,
 * or those without instructions and tools), the output, and the echo's last member.
 */
const spliced = (
  [head, tail]: [string, string],
  sections: { beforeOutput: string; afterOutput: string },
  echo: EchoJson,
  output: string,
): string => `${head}${sections.beforeOutput},"output":${output},${sections.afterOutput}${tail}${echo.last}}`;

/** What the state says, as the JSON before the echo (from `{`) and between the echo's sections (the usage). */
const stateJson = (state: ResponseState, request: ResponsesRequest): [string, string] => [
  `{${members(stateHead(state, request))},`,
  `,"usage":${JSON.stringify(usageOf(state))},`,
];

/**
 * The echoed tools' JSON. An agent sends the same tools every turn and each turn's Response echoes them:
 * 20 tools took ≈ 40 µs to copy and serialise; the same list again is found by comparison instead.
 */
function echoedToolsJson(request: ResponsesRequest): string {
  const tools = request.tools;
  if (tools === undefined || tools === null || tools.length === 0) return "[]";
  const hint = listHint(tools);
  let json = echoedToolLists.get(hint, tools);
  if (json === undefined) {
    json = JSON.stringify(echoedTools(request));
    echoedToolLists.set(hint, tools, json, json.length);
  }
  return json;
}

/** The echoed instructions' JSON: often ≈ 10 KB, the same every turn. */
const instructionsJson = ({ instructions }: ResponsesRequest): string =>
  typeof instructions === "string" ? echoedTexts.json(instructions) : "null";

const echoedTexts = new RepeatedTexts();

/** The JSON of the tool lists echoed lately (shared: the same list always echoes the same). */
const echoedToolLists = new RepeatedLists<string>();

/** An object's JSON without its braces (`"a":1,"b":2`): every section has at least one member. */
const members = (section: object): string => JSON.stringify(section).slice(1, -1);

export function responseUsage(usage: Usage) {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cachedTokens },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

/** Where the answer ended → the Response's status (and why, when not completed). */
export function terminalState(
  finish: { reason: string; raw?: string } | undefined,
): Pick<ResponseState, "status" | "incompleteReason" | "error"> {
  switch (finish?.reason) {
    case undefined:
    case "stop":
    case "tool-calls":
      return { status: "completed" };
    case "length":
      return { status: "incomplete", incompleteReason: "max_output_tokens" };
    case "content-filter":
      return { status: "incomplete", incompleteReason: "content_filter" };
    default:
      return {
        status: "failed",
        error: {
          code: "server_error",
          message: `The upstream ended the answer with '${finish?.raw ?? finish?.reason}'.`,
        },
      };
  }
}
