// The requests of each workload, as each target receives them: an OpenAI chat request for the gateways
// (agate, the floor, the peer) and the equivalent Gemini request for the direct call to the simulator.
// Each workload uses its own model so that the simulator's scripted rules (see simulatorScripts) apply to it.

export const MODELS = {
  small: "gemini-2.5-flash",
  chunks500: "gemini-2.5-pro",
  slowStream: "gemini-3-flash-preview",
  largeResponse: "gemini-2.5-flash-lite",
};

const words = (count) => Array.from({ length: count }, (_, index) => `word${index % 100}`).join(" ");

/** Rules POSTed to /__sim/script once, before any measurement; each answers forever for its model. */
export function simulatorScripts({ slowChunks, slowChunkDelayMs }) {
  return [
    // 1,500 words at three words a chunk: a 500-chunk stream.
    {
      match: { model: MODELS.chunks500, stream: true },
      forever: true,
      respond: { reply: { text: words(1500) } },
    },
    {
      match: { model: MODELS.slowStream, stream: true },
      forever: true,
      chunkDelayMs: slowChunkDelayMs,
      respond: { reply: { text: words(slowChunks * 3) } },
    },
    // About 150 KB of answer text in one JSON body.
    {
      match: { model: MODELS.largeResponse, stream: false },
      forever: true,
      respond: { reply: { text: words(21_500) } },
    },
  ];
}

/** About 1 MB of chat history: alternating turns of ~2 KB, ending with a short user question. */
function longHistory() {
  const messages = [{ role: "system", content: "You are a benchmark." }];
  const turn = "lorem ipsum dolor sit amet ".repeat(76);
  for (let index = 0; index < 500; index++) {
    messages.push({ role: index % 2 === 0 ? "user" : "assistant", content: `${index}: ${turn}` });
  }
  messages.push({ role: "user", content: "and now, a short answer please" });
  return messages;
}

const hello = [{ role: "user", content: "hello there" }];

/**
 * A coding agent's history of `turns` exchanges, each a question, a tool call, its 2 KB output and an answer:
 * as Responses input items (what Codex-style clients resend every turn with `store: false`) and as the
 * equivalent chat messages.
 */
function agentHistory(turns) {
  const input = [];
  const messages = [];
  for (let turn = 0; turn < turns; turn++) {
    const question = `turn ${turn}: ${"lorem ipsum ".repeat(25)}`;
    const call = { id: `call_${turn}`, name: "tool_1", arguments: '{"path":"src/index.ts"}' };
    const output = "x".repeat(2000);
    const answer = "done. ".repeat(15);
    input.push(
      { type: "message", role: "user", content: [{ type: "input_text", text: question }] },
      { type: "function_call", call_id: call.id, name: call.name, arguments: call.arguments },
      { type: "function_call_output", call_id: call.id, output },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: answer }] },
    );
    messages.push(
      { role: "user", content: question },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          { id: call.id, type: "function", function: { name: call.name, arguments: call.arguments } },
        ],
      },
      { role: "tool", tool_call_id: call.id, content: output },
      { role: "assistant", content: answer },
    );
  }
  input.push({ type: "message", role: "user", content: [{ type: "input_text", text: "and now?" }] });
  messages.push({ role: "user", content: "and now?" });
  return { input, messages };
}

/**
 * A coding agent's turn, as Codex-style clients send one every turn: ≈ 10 KB of instructions and 20 function
 * tools (≈ 11 KB), a short input. The Responses API echoes instructions and tools in every Response object.
 */
const agent = {
  instructions: "You are a coding agent working in the user's repository. Follow the rules below. ".repeat(
    120,
  ),
  tools: Array.from({ length: 20 }, (_, index) => ({
    type: "function",
    name: `tool_${index}`,
    description: "Runs one operation in the workspace and returns what it printed. ".repeat(4),
    parameters: {
      type: "object",
      properties: {
        path: { type: "string", description: "A path relative to the workspace root." },
        args: { type: "array", items: { type: "string" } },
      },
      required: ["path"],
      additionalProperties: false,
    },
  })),
};

export const WORKLOADS = {
  small: { model: MODELS.small, stream: false, messages: hello },
  smallStream: { model: MODELS.small, stream: true, messages: hello },
  chunks500: { model: MODELS.chunks500, stream: true, messages: hello },
  slowStream: { model: MODELS.slowStream, stream: true, messages: hello },
  largeRequest: { model: MODELS.small, stream: false, messages: longHistory() },
  largeResponse: { model: MODELS.largeResponse, stream: false, messages: hello },
  agentTurn: { model: MODELS.small, stream: false, messages: hello, ...agent },
  // A Codex-style turn late in a session: the whole history resent (≈ 280 KB), nothing stored. For
  // bench/ab.mjs; the direct call gets no Gemini equivalent of its tool calls.
  codexTurn: { model: MODELS.small, stream: false, store: false, ...agent, ...agentHistory(100) },
};

/** A workload's instructions and tools as Chat Completions takes them (a system message; nested functions). */
function chatFields(workload) {
  const messages =
    workload.instructions === undefined
      ? workload.messages
      : [{ role: "system", content: workload.instructions }, ...workload.messages];
  const tools = workload.tools?.map(({ type, ...fn }) => ({ type, function: fn }));
  return tools === undefined ? { messages } : { messages, tools };
}

function geminiBody(workload) {
  const contents = [];
  let system;
  for (const message of chatFields(workload).messages) {
    if (message.role === "system") system = { parts: [{ text: message.content }] };
    else
      contents.push({
        role: message.role === "assistant" ? "model" : "user",
        parts: [{ text: message.content }],
      });
  }
  const body = system === undefined ? { contents } : { systemInstruction: system, contents };
  if (workload.tools !== undefined) {
    body.tools = [
      {
        functionDeclarations: workload.tools.map(({ name, description, parameters }) => ({
          name,
          description,
          parameters,
        })),
      },
    ];
  }
  return body;
}

/**
 * The targets. `direct` is the simulator itself; the others are gateways in front of it.
 * `request(workload)` → { origin, path, headers, body } (the body serialised once, up front).
 * The `openai-*` targets are the pass-through comparison: an OpenAI-compatible upstream (the floor, itself in
 * front of the simulator), called directly, through agate's `openai` account kind, and through the peer's
 * `openai` provider. `agate.responses` is agate's /v1/responses for the same workload.
 */
export function defineTargets({ ports, apiKey }) {
  const json = { "content-type": "application/json" };
  const local = (port) => `http://127.0.0.1:${port}`;
  const chat = (origin, headers) => (workload) => ({
    origin,
    path: "/v1/chat/completions",
    headers: { ...json, ...headers },
    body: JSON.stringify({ model: workload.model, stream: workload.stream, ...chatFields(workload) }),
  });
  const portkey = (provider, customHost) =>
    chat(local(ports.peer), {
      "x-portkey-provider": provider,
      "x-portkey-custom-host": customHost,
      authorization: `Bearer ${apiKey}`,
    });
  return {
    direct: {
      request: (workload) => ({
        origin: local(ports.direct),
        path: `/v1beta/models/${workload.model}:${workload.stream ? "streamGenerateContent?alt=sse" : "generateContent"}`,
        headers: { ...json, "x-goog-api-key": apiKey },
        body: JSON.stringify(geminiBody(workload)),
      }),
    },
    floor: { request: chat(local(ports.floor), {}) },
    "floor-fastify": { request: chat(local(ports.floorFastify), {}) },
    agate: {
      request: chat(local(ports.agate), {}),
      responses: (workload) => ({
        origin: local(ports.agate),
        path: "/v1/responses",
        headers: json,
        body: JSON.stringify({
          model: workload.model,
          stream: workload.stream,
          input: workload.input ?? workload.messages,
          ...(workload.store === undefined ? {} : { store: workload.store }),
          ...(workload.instructions === undefined ? {} : { instructions: workload.instructions }),
          ...(workload.tools === undefined ? {} : { tools: workload.tools }),
        }),
      }),
    },
    agate2: { request: chat(local(ports.agate2), {}) },
    peer: { request: portkey("google", local(ports.direct)) },
    "openai-direct": { request: chat(local(ports.floor), {}) },
    "openai-agate": { request: chat(local(ports.agateOpenai), {}) },
    "openai-peer": { request: portkey("openai", `${local(ports.floor)}/v1`) },
  };
}
