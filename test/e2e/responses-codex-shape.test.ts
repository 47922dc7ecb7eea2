import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../helpers/stack.js";

/**
 * The Codex CLI without its binary: raw fetch requests shaped like the ones codex-rs sends to a custom provider
 * with `wire_api = "responses"` (stream, store: false, include reasoning.encrypted_content, instructions plus a
 * developer message, namespace tools, cached-only web_search, tool_choice auto, parallel_tool_calls,
 * prompt_cache_key, reasoning {effort, summary: "auto"}, a session-id header), and the whole history sent again
 * each turn with the items stripped of their ids, as codex-rs serialises them.
 */

let stack: Stack;

beforeAll(async () => {
  stack = await startStack(1, { model_mapping: { "gpt-5-codex": "gemini-3-pro-preview" } });
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.reset());

const SESSION = "0199b3c4-7d2e-7a10-9f55-3c1d2e4f5a6b";
const INSTRUCTIONS = "You are Codex, based on GPT-5. You are running as a coding agent in the Codex CLI.";
const DEVELOPER =
  "<permissions instructions>Filesystem sandboxing: workspace-write.</permissions instructions>";
const ENVIRONMENT =
  "<environment_context>\n  <cwd>/repo</cwd>\n  <shell>bash</shell>\n</environment_context>";
/** What an OpenAI backend would have put in a reasoning item: opaque to agate. */
const OPENAI_BLOB = "gAAAAABo3x1Q-opaque-openai-encrypted-reasoning-blob==";

const shellTool = {
  type: "function",
  name: "shell",
  description: "Runs a shell command and returns its output.",
  strict: false,
  parameters: {
    type: "object",
    properties: {
      command: { type: "array", items: { type: "string" }, description: "The command to execute" },
      workdir: { type: "string", description: "The working directory to execute the command in" },
      timeout_ms: { type: "number", description: "The timeout for the command in milliseconds" },
    },
    required: ["command"],
    additionalProperties: false,
  },
};
const applyPatchTool = {
  type: "custom",
  name: "apply_patch",
  description: "Use the `apply_patch` tool to edit files.",
  format: {
    type: "grammar",
    syntax: "lark",
    definition: 'start: begin_patch hunk+ end_patch\nbegin_patch: "*** Begin Patch" LF',
  },
};
const docsNamespace = {
  type: "namespace",
  name: "docs",
  description: "Tools from the docs MCP server",
  tools: [
    {
      type: "function",
      name: "search",
      description: "Search the documentation",
      strict: false,
      parameters: { type: "object", properties: { query: { type: "string" } }, required: ["query"] },
    },
  ],
};
const cachedWebSearch = { type: "web_search", external_web_access: false };

const message = (role: "user" | "developer", text: string) => ({
  type: "message",
  role,
  content: [{ type: "input_text", text }],
});

function codexBody(
  input: unknown[],
  tools: unknown[] = [shellTool, docsNamespace, cachedWebSearch, applyPatchTool],
) {
  return {
    model: "gpt-5-codex",
    instructions: INSTRUCTIONS,
    input,
    tools,
    tool_choice: "auto",
    parallel_tool_calls: true,
    reasoning: { effort: "medium", summary: "auto" },
    store: false,
    stream: true,
    include: ["reasoning.encrypted_content"],
    prompt_cache_key: SESSION,
    text: { verbosity: "low" },
    client_metadata: { originator: "codex_cli_rs" },
  };
}

const firstTurnInput = () => [
  message("developer", DEVELOPER),
  message("user", ENVIRONMENT),
  message("user", "list the files"),
];

type Item = { type: string; id?: string } & Record<string, unknown>;
type Event = {
  type: string;
  sequence_number: number;
  item?: Item;
  item_id?: string;
  output_index?: number;
} & Record<string, unknown>;

interface Turn {
  status: number;
  contentType: string | null;
  events: Event[];
  /** response.output_item.done items by output_index, as Codex collects them. */
  done: Item[];
  completed: { status: string; output: Item[] } & Record<string, unknown>;
}

/** One Codex request: SSE parsed frame by frame; asserts the stream invariants Codex relies on. */
async function codexTurn(body: unknown, options: { gzip?: boolean } = {}): Promise<Turn> {
  const json = JSON.stringify(body);
  const response = await fetch(`${stack.url}/v1/responses`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "text/event-stream",
      authorization: "Bearer sk-codex-unused",
      "openai-beta": "responses=experimental",
      originator: "codex_cli_rs",
      "session-id": SESSION,
      ...(options.gzip === true ? { "content-encoding": "gzip" } : {}),
    },
    body: options.gzip === true ? gzipSync(json) : json,
  });
  const text = await response.text();
  const events: Event[] = [];
  for (const frame of text.split("\n\n")) {
    if (frame.trim() === "" || frame.startsWith(":")) continue;
    const name = /^event: (.+)$/m.exec(frame)?.[1];
    const data = /^data: (.+)$/m.exec(frame)?.[1];
    expect(name, frame).toBeDefined();
    const event = JSON.parse(data ?? "") as Event;
    expect(event.type).toBe(name);
    events.push(event);
  }
  if (response.status !== 200) {
    return {
      status: response.status,
      contentType: response.headers.get("content-type"),
      events,
      done: [],
      completed: { status: "", output: [] },
    };
  }
  expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
  expect(events[0]?.type).toBe("response.created");
  const terminal = events.filter((event) => /^response\.(completed|incomplete|failed)$/.test(event.type));
  expect(terminal.map((event) => event.type)).toEqual(["response.completed"]);
  expect(events.at(-1)?.type).toBe("response.completed");
  const added = new Set<string>();
  const done: Item[] = [];
  for (const event of events) {
    if (event.type === "response.output_item.added" && event.item?.id !== undefined) added.add(event.item.id);
    if (event.item_id !== undefined)
      expect(added.has(event.item_id), `${event.type} before its item`).toBe(true);
    if (event.type === "response.output_item.done" && event.item !== undefined)
      done[event.output_index ?? -1] = event.item;
  }
  const completed = events.at(-1)?.response as Turn["completed"];
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    events,
    done,
    completed,
  };
}

type GeminiPart = { text?: string; thought?: boolean; thoughtSignature?: string } & Record<string, unknown>;
type GeminiBody = {
  contents: { role: string; parts: GeminiPart[] }[];
  systemInstruction?: { parts: { text: string }[] };
  tools?: { functionDeclarations?: { name: string }[]; googleSearch?: unknown }[];
  toolConfig?: unknown;
  generationConfig?: { thinkingConfig?: Record<string, unknown> } & Record<string, unknown>;
};
const upstream = () => stack.simulator.requests.filter((request) => request.model !== undefined);
const upstreamBodies = () => upstream().map((request) => request.body as GeminiBody);
const functionCallPart = (body: GeminiBody | undefined) =>
  body?.contents.flatMap((content) => content.parts).find((part) => part.functionCall !== undefined);

/** The id Gemini 3 gave the (first) call, as it went back upstream: its response must carry the same. */
function callIdSentBack(body: GeminiBody | undefined): string {
  const id = (functionCallPart(body)?.functionCall as { id?: unknown } | undefined)?.id;
  expect(id).toMatch(/^[a-z0-9]{8}$/);
  return id as string;
}

/** As codex-rs serialises a stored item back into `input`: without its `id`. */
function replayed(item: Item | undefined): Item {
  if (item === undefined) throw new Error("no such item");
  const { id: _id, ...rest } = item;
  return rest as Item;
}

describe("a Codex-shaped session against agate (stateless, whole history each turn)", () => {
  it("shell function call, then the final message; the call's signature goes back upstream", async () => {
    const signature = Buffer.from("gemini-3-signature-for-shell-call").toString("base64");
    stack.simulator.script({
      respond: {
        reply: {
          thought: "**Listing files**\n\nI will run ls in the workspace.",
          functionCalls: [{ name: "shell", args: { command: ["ls", "-la"], workdir: "/repo" } }],
          signature,
        },
      },
    });
    stack.simulator.script({ respond: { reply: { text: "The repository holds README.md and src/." } } });

    const first = await codexTurn(codexBody(firstTurnInput()));
    expect(first.status).toBe(200);
    expect(first.contentType).toMatch(/^text\/event-stream/);
    expect(first.done.map((item) => item.type)).toEqual(["reasoning", "function_call"]);
    const [reasoning, call] = first.done;
    expect(reasoning).toMatchObject({
      type: "reasoning",
      summary: [{ type: "summary_text", text: "**Listing files**\n\nI will run ls in the workspace." }],
    });
    expect(reasoning).toHaveProperty("encrypted_content");
    expect(call).toMatchObject({ type: "function_call", name: "shell", status: "completed" });
    expect(JSON.parse(String(call?.arguments))).toEqual({ command: ["ls", "-la"], workdir: "/repo" });
    expect(typeof call?.call_id).toBe("string");
    expect(first.completed).toMatchObject({ status: "completed", store: false, model: "gpt-5-codex" });
    expect(first.completed.output).toEqual(first.done);

    const firstUpstream = upstreamBodies()[0];
    expect(upstream()[0]?.model).toBe("gemini-3-pro-preview");
    expect(firstUpstream?.systemInstruction?.parts.map((part) => part.text).join("")).toBe(
      `${INSTRUCTIONS}\n\n${DEVELOPER}`,
    );
    expect(firstUpstream?.contents.map((content) => content.role)).toEqual(["user"]);
    const declared = (firstUpstream?.tools ?? [])
      .flatMap((tool) => tool.functionDeclarations ?? [])
      .map((fn) => fn.name);
    expect(declared).toEqual(["shell", "docs__search", "apply_patch"]);
    expect(JSON.stringify(firstUpstream?.tools)).not.toContain("googleSearch");
    expect(firstUpstream?.generationConfig?.thinkingConfig).toMatchObject({ includeThoughts: true });

    const second = await codexTurn(
      codexBody([
        ...firstTurnInput(),
        { ...replayed(reasoning), content: null },
        replayed(call),
        {
          type: "function_call_output",
          call_id: call?.call_id,
          output: "total 2\n-rw-r--r-- README.md\ndrwxr-xr-x src\n",
        },
      ]),
      { gzip: true },
    );
    expect(second.status).toBe(200);
    // Gemini 3 signs its answer: a reasoning item (summary []) goes before it, as OpenAI's models send one.
    expect(second.done.map((item) => item.type)).toEqual(["reasoning", "message"]);
    expect(second.done[0]).toMatchObject({
      type: "reasoning",
      summary: [],
      encrypted_content: expect.any(String),
    });
    expect(second.done[1]).toMatchObject({
      type: "message",
      role: "assistant",
      status: "completed",
      phase: "final_answer",
      content: [{ type: "output_text", text: "The repository holds README.md and src/.", annotations: [] }],
    });
    const deltas = second.events
      .filter((event) => event.type === "response.output_text.delta")
      .map((event) => event.delta);
    expect(deltas.join("")).toBe("The repository holds README.md and src/.");

    const secondUpstream = upstreamBodies()[1];
    expect(secondUpstream?.contents.map((content) => content.role)).toEqual(["user", "model", "user"]);
    expect(functionCallPart(secondUpstream)).toMatchObject({
      functionCall: { name: "shell", args: { command: ["ls", "-la"], workdir: "/repo" } },
      thoughtSignature: signature,
    });
    expect(secondUpstream?.contents[2]?.parts).toEqual([
      {
        functionResponse: {
          id: callIdSentBack(secondUpstream),
          name: "shell",
          response: { result: "total 2\n-rw-r--r-- README.md\ndrwxr-xr-x src\n" },
        },
      },
    ]);
  });

  it("a namespaced (MCP) call comes back as {name, namespace} and is replayed under the flattened name", async () => {
    const signature = Buffer.from("gemini-3-signature-for-docs-search").toString("base64");
    stack.simulator.script({
      respond: {
        reply: {
          functionCalls: [{ name: "docs__search", args: { query: "server-sent events" } }],
          signature,
        },
      },
    });
    stack.simulator.script({ respond: { reply: { text: "SSE frames end with a blank line." } } });

    const first = await codexTurn(codexBody(firstTurnInput()));
    const call = first.done.find((item) => item.type === "function_call");
    expect(call).toMatchObject({ name: "search", namespace: "docs", status: "completed" });
    const argumentsDone = first.events.find(
      (event) => event.type === "response.function_call_arguments.done",
    );
    expect(argumentsDone).toMatchObject({ name: "search" });

    const second = await codexTurn(
      codexBody([
        ...firstTurnInput(),
        replayed(call),
        { type: "function_call_output", call_id: call?.call_id, output: '{"hits":[{"title":"SSE"}]}' },
      ]),
    );
    expect(second.status).toBe(200);
    expect(second.done[1]).toMatchObject({
      type: "message",
      content: [{ text: "SSE frames end with a blank line." }],
    });
    const secondUpstream = upstreamBodies()[1];
    expect(functionCallPart(secondUpstream)).toMatchObject({
      functionCall: { name: "docs__search", args: { query: "server-sent events" } },
      thoughtSignature: signature,
    });
    expect(secondUpstream?.contents[2]?.parts).toEqual([
      {
        functionResponse: {
          id: callIdSentBack(secondUpstream),
          name: "docs__search",
          response: { hits: [{ title: "SSE" }] },
        },
      },
    ]);
  });

  it("local_shell: a local_shell_call item, replayed with Codex's nullable action fields and a foreign reasoning blob", async () => {
    const signature = Buffer.from("gemini-3-signature-for-local-shell").toString("base64");
    stack.simulator.script({
      respond: {
        reply: {
          functionCalls: [{ name: "local_shell", args: { command: ["cat", "README.md"] } }],
          signature,
        },
      },
    });
    stack.simulator.script({ respond: { reply: { text: "README says hello." } } });
    const tools = [{ type: "local_shell" }, cachedWebSearch];

    const first = await codexTurn(codexBody(firstTurnInput(), tools));
    expect(first.status).toBe(200);
    const call = first.done.find((item) => item.type === "local_shell_call");
    expect(call).toMatchObject({
      type: "local_shell_call",
      status: "completed",
      action: { type: "exec", command: ["cat", "README.md"], env: {} },
    });
    expect(typeof call?.call_id).toBe("string");

    const second = await codexTurn(
      codexBody(
        [
          ...firstTurnInput(),
          {
            type: "reasoning",
            summary: [{ type: "summary_text", text: "Reading the README" }],
            content: null,
            encrypted_content: OPENAI_BLOB,
          },
          {
            type: "local_shell_call",
            call_id: call?.call_id,
            status: "completed",
            action: {
              type: "exec",
              command: ["cat", "README.md"],
              timeout_ms: null,
              working_directory: null,
              env: null,
              user: null,
            },
          },
          { type: "function_call_output", call_id: call?.call_id, output: "# hello" },
        ],
        tools,
      ),
    );
    expect(second.status).toBe(200);
    expect(second.done[1]).toMatchObject({ type: "message", content: [{ text: "README says hello." }] });
    const secondUpstream = upstreamBodies()[1];
    expect(functionCallPart(secondUpstream)).toMatchObject({
      functionCall: { name: "local_shell", args: { command: ["cat", "README.md"] } },
      thoughtSignature: signature,
    });
    expect(secondUpstream?.contents[2]?.parts).toEqual([
      {
        functionResponse: {
          id: callIdSentBack(secondUpstream),
          name: "local_shell",
          response: { result: "# hello" },
        },
      },
    ]);
    expect(JSON.stringify(secondUpstream)).not.toContain(OPENAI_BLOB);
  });

  it("apply_patch (custom tool): a custom_tool_call with the raw input, replayed with its output", async () => {
    const patch = "*** Begin Patch\n*** Add File: hello.txt\n+hello\n*** End Patch\n";
    const signature = Buffer.from("gemini-3-signature-for-apply-patch").toString("base64");
    stack.simulator.script({
      respond: { reply: { functionCalls: [{ name: "apply_patch", args: { input: patch } }], signature } },
    });
    stack.simulator.script({ respond: { reply: { text: "Created hello.txt." } } });

    const first = await codexTurn(codexBody(firstTurnInput()));
    const call = first.done.find((item) => item.type === "custom_tool_call");
    expect(call).toMatchObject({ type: "custom_tool_call", name: "apply_patch", input: patch });
    const inputDone = first.events.find((event) => event.type === "response.custom_tool_call_input.done");
    expect(inputDone).toMatchObject({ input: patch });

    const second = await codexTurn(
      codexBody([
        ...firstTurnInput(),
        {
          type: "custom_tool_call",
          status: "completed",
          call_id: call?.call_id,
          name: "apply_patch",
          input: patch,
        },
        {
          type: "custom_tool_call_output",
          call_id: call?.call_id,
          output: "Success. Updated the following files:\nA hello.txt\n",
        },
      ]),
    );
    expect(second.status).toBe(200);
    const secondUpstream = upstreamBodies()[1];
    expect(functionCallPart(secondUpstream)).toMatchObject({
      functionCall: { name: "apply_patch", args: { input: patch } },
      thoughtSignature: signature,
    });
    expect(secondUpstream?.contents[2]?.parts).toEqual([
      {
        functionResponse: {
          id: callIdSentBack(secondUpstream),
          name: "apply_patch",
          response: { result: "Success. Updated the following files:\nA hello.txt\n" },
        },
      },
    ]);
  });

  it("parallel calls (parallel_tool_calls: true): both items, and the first keeps its signature on replay", async () => {
    const signature = Buffer.from("gemini-3-signature-for-parallel-calls").toString("base64");
    stack.simulator.script({
      respond: {
        reply: {
          functionCalls: [
            { name: "shell", args: { command: ["cat", "a.txt"] } },
            { name: "shell", args: { command: ["cat", "b.txt"] } },
          ],
          signature,
        },
      },
    });
    stack.simulator.script({ respond: { reply: { text: "a says A, b says B." } } });

    const first = await codexTurn(codexBody(firstTurnInput()));
    const calls = first.done.filter((item) => item.type === "function_call");
    expect(calls.map((call) => JSON.parse(String(call.arguments)))).toEqual([
      { command: ["cat", "a.txt"] },
      { command: ["cat", "b.txt"] },
    ]);
    expect(new Set(calls.map((call) => call.call_id)).size).toBe(2);

    const second = await codexTurn(
      codexBody([
        ...firstTurnInput(),
        ...calls.map(replayed),
        { type: "function_call_output", call_id: calls[0]?.call_id, output: "A" },
        { type: "function_call_output", call_id: calls[1]?.call_id, output: "B" },
      ]),
    );
    expect(second.status).toBe(200);
    const contents = upstreamBodies()[1]?.contents ?? [];
    expect(contents.map((content) => content.role)).toEqual(["user", "model", "user"]);
    const [idA, idB] =
      contents[1]?.parts.map((part) => (part.functionCall as { id?: string } | undefined)?.id) ?? [];
    expect(idA).toMatch(/^[a-z0-9]{8}$/);
    expect(idB).toMatch(/^[a-z0-9]{8}$/);
    expect(contents[1]?.parts.map((part) => part.functionCall)).toEqual([
      { id: idA, name: "shell", args: { command: ["cat", "a.txt"] } },
      { id: idB, name: "shell", args: { command: ["cat", "b.txt"] } },
    ]);
    expect(contents[1]?.parts[0]?.thoughtSignature).toBe(signature);
    expect(contents[2]?.parts).toEqual([
      { functionResponse: { id: idA, name: "shell", response: { result: "A" } } },
      { functionResponse: { id: idB, name: "shell", response: { result: "B" } } },
    ]);
  });

  it("a text-only first turn: reasoning then a final_answer message, encrypted_content present", async () => {
    stack.simulator.script({
      respond: { reply: { thought: "Simple greeting.", text: "Hi! What shall we build?" } },
    });
    const turn = await codexTurn(codexBody([message("developer", DEVELOPER), message("user", "hello")]));
    expect(turn.status).toBe(200);
    expect(turn.done.map((item) => item.type)).toEqual(["reasoning", "message"]);
    expect(turn.done[0]).toHaveProperty("encrypted_content");
    expect(turn.done[1]).toMatchObject({
      phase: "final_answer",
      content: [{ text: "Hi! What shall we build?" }],
    });
    const types = turn.events.map((event) => event.type);
    expect(types.indexOf("response.reasoning_summary_text.delta")).toBeLessThan(
      types.indexOf("response.output_text.delta"),
    );
  });
});
