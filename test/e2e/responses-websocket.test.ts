import { join } from "node:path";
import Database from "better-sqlite3";
import OpenAI from "openai";
import { ResponsesWS } from "openai/resources/responses/ws";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { faults } from "../../src/simulator/index.js";
import { type Stack, startStack } from "../helpers/stack.js";
import { tempDir } from "../helpers/temp-dir.js";

type Message = Record<string, unknown> & { type: string };
type GeminiBody = { contents: { role: string; parts: { text?: string }[] }[] };

const TERMINAL = /^response\.(completed|incomplete|failed)$/;

/** A WebSocket client that reads the gateway's messages in order. */
class Client {
  private readonly queue: Message[] = [];
  private readonly waiting: ((message: Message) => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data) => {
      const message = JSON.parse(String(data)) as Message;
      const waiter = this.waiting.shift();
      if (waiter === undefined) this.queue.push(message);
      else waiter(message);
    });
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<Client> {
    const socket = new WebSocket(`${url.replace(/^http/, "ws")}/v1/responses`, { headers });
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve(new Client(socket)));
      socket.once("error", reject);
    });
  }

  next(): Promise<Message> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no message within 5 s")), 5_000);
      this.waiting.push((message) => {
        clearTimeout(timer);
        resolve(message);
      });
    });
  }

  send(message: unknown): void {
    this.socket.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  /** Sends one response.create and reads until its terminal event, or the error frame that refuses it. */
  async turn(body: Record<string, unknown>): Promise<Message[]> {
    this.send({ type: "response.create", ...body });
    return this.readTurn();
  }

  async readTurn(): Promise<Message[]> {
    const messages: Message[] = [];
    for (;;) {
      const message = await this.next();
      messages.push(message);
      if (TERMINAL.test(message.type) || (message.type === "error" && "status" in message)) return messages;
    }
  }

  close(): void {
    this.socket.close();
  }
}

const responseOf = (events: Message[]) =>
  events.at(-1)?.response as {
    id: string;
    status: string;
    output_text?: string;
    output: { type: string; content?: { text: string }[] }[];
  };
const textOf = (events: Message[]) =>
  events
    .filter((event) => event.type === "response.output_text.delta")
    .map((event) => event.delta)
    .join("");

let stack: Stack;
const upstreamBodies = () =>
  stack.simulator.requests
    .filter((request) => request.model !== undefined)
    .map((request) => request.body as GeminiBody);
const upstreamTexts = (index: number) =>
  (upstreamBodies()[index]?.contents ?? []).flatMap((content) =>
    content.parts.map((part) => part.text ?? ""),
  );

beforeAll(async () => {
  stack = await startStack(1);
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.reset());

describe("the Responses WebSocket (GET /v1/responses upgraded)", () => {
  it("two turns on one socket, store: false, the second continuing the first by previous_response_id", async () => {
    const client = await Client.open(stack.url);
    const first = await client.turn({ model: "gpt-4o", input: "my name is Ada", store: false });
    expect(first.map((event) => event.type).slice(0, 2)).toEqual([
      "response.created",
      "response.in_progress",
    ]);
    expect(first.at(-1)?.type).toBe("response.completed");
    expect(textOf(first)).toContain("You said: my name is Ada");
    const firstId = responseOf(first).id;

    const second = await client.turn({
      model: "gpt-4o",
      input: "what is my name?",
      store: false,
      previous_response_id: firstId,
    });
    expect(second.at(-1)?.type).toBe("response.completed");
    expect(responseOf(second)).toMatchObject({ previous_response_id: firstId, store: false });
    expect(upstreamTexts(1)).toEqual([
      "my name is Ada",
      expect.stringContaining("You said: my name is Ada"),
      "what is my name?",
    ]);

    // A third turn continues the second: the whole conversation comes back.
    await client.turn({
      model: "gpt-4o",
      input: "and again?",
      store: false,
      previous_response_id: responseOf(second).id,
    });
    expect(upstreamTexts(2)).toHaveLength(5);
    client.close();

    // Not stored: invisible over HTTP.
    expect((await fetch(`${stack.url}/v1/responses/${firstId}`)).status).toBe(404);
  });

  it("each turn is an entry of the request log with its model, account and tokens, as a POST would be", async () => {
    const client = await Client.open(stack.url);
    const answered = await client.turn({ model: "gpt-4o", input: "count my tokens", store: false });
    const refused = await client.turn({ model: "gpt-4o", input: "x", previous_response_id: "resp_unknown" });
    expect(refused.at(-1)?.type).toBe("error");
    const page = (await (await fetch(`${stack.url}/admin/requests?limit=5`)).json()) as {
      data: Record<string, unknown>[];
    };
    const turns = page.data.filter((entry) => entry.method === "WS");
    // Newest first: the refused continuation, then the answered turn.
    expect(turns[1]).toMatchObject({
      route: "/v1/responses",
      status: 200,
      error_type: "none",
      requested_model: "gpt-4o",
      mapped_model: "gemini-3.5-flash",
      account_label: "account1@test",
      attempts: 1,
      stream: true,
      prompt_tokens: (responseOf(answered) as unknown as { usage: { input_tokens: number } }).usage
        .input_tokens,
    });
    expect(turns[1]?.completion_tokens).toBeGreaterThan(0);
    expect(turns[1]?.ttfb_ms).toEqual(expect.any(Number));
    // The 400 of the error frame the client got (OpenAI's WebSocket shape), not the 404 of the same POST.
    expect(refused[0]).toMatchObject({ status: 400 });
    expect(turns[0]).toMatchObject({ status: 400, error_type: "bad_request" });
    client.close();
  });

  it("sends the very events of the SSE stream, in the same order and shape, one JSON object per message", async () => {
    const body = {
      model: "gpt-4o",
      input: "compare the transports",
      reasoning: { effort: "low", summary: "auto" },
    };
    const sse = await fetch(`${stack.url}/v1/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...body, stream: true }),
    });
    const sseEvents = [...(await sse.text()).matchAll(/^data: (.+)$/gm)].map(
      (match) => JSON.parse(match[1] ?? "") as Message,
    );

    const client = await Client.open(stack.url);
    const wsEvents = await client.turn(body);
    client.close();

    const shape = (events: Message[]) =>
      events.map((event) => [event.type, event.sequence_number, Object.keys(event).sort()]);
    expect(shape(wsEvents)).toEqual(shape(sseEvents));
    expect(wsEvents.map((event) => event.sequence_number)).toEqual(wsEvents.map((_, index) => index));
    expect(wsEvents.map((event) => event.type)).toContain("response.reasoning_summary_text.delta");
    expect(textOf(wsEvents)).toBe(textOf(sseEvents));
    const stored = await fetch(`${stack.url}/v1/responses/${responseOf(wsEvents).id}`);
    expect(stored.status).toBe(200); // store defaults to true over the socket too
  });

  it("ignores `stream: false` on the socket: every answer streams", async () => {
    const client = await Client.open(stack.url);
    const events = await client.turn({ model: "gpt-4o", input: "hi", stream: false });
    expect(events.map((event) => event.type)).toContain("response.output_text.delta");
    client.close();
  });

  it("a warm-up (generate: false) → a completed response with no output and no upstream call; the next turn continues it", async () => {
    const client = await Client.open(stack.url);
    const warmUp = await client.turn({
      model: "gpt-4o",
      instructions: "be brief",
      input: [{ type: "message", role: "developer", content: "you are a test" }],
      store: false,
      generate: false,
    });
    expect(warmUp.map((event) => event.type)).toEqual([
      "response.created",
      "response.in_progress",
      "response.completed",
    ]);
    expect(responseOf(warmUp)).toMatchObject({ status: "completed", output: [], store: false });
    expect(upstreamBodies()).toHaveLength(0);

    // As Codex does: the next turn sends only the new items and chains from the warm-up.
    const next = await client.turn({
      model: "gpt-4o",
      instructions: "be brief",
      input: "hello",
      store: false,
      previous_response_id: responseOf(warmUp).id,
    });
    expect(next.at(-1)?.type).toBe("response.completed");
    expect(upstreamBodies()).toHaveLength(1);
    expect(upstreamTexts(0)).toEqual(["hello"]);
    expect(JSON.stringify(stack.simulator.requests.at(-1)?.body)).toContain("you are a test");
    client.close();
  });

  it("a built-in alias to a model the upstream does not have → the error says which alias and how to map it", async () => {
    stack.simulator.script({ respond: faults.notFound("gemini-3.5-flash") });
    const client = await Client.open(stack.url);
    const refused = await client.turn({ model: "gpt-4o", input: "x" });
    const error = refused.find((event) => event.type === "error") as {
      error?: { message?: string; code?: string };
    };
    expect(error.error?.code).toBe("model_not_found");
    expect(error.error?.message).toContain(
      "'gpt-4o' is mapped to 'gemini-3.5-flash' by agate's built-in aliases (model_aliases)",
    );
    client.close();
  });

  it("an unknown previous_response_id → an error frame (OpenAI's WebSocket shape), and the socket stays usable", async () => {
    const client = await Client.open(stack.url);
    const refused = await client.turn({ model: "gpt-4o", input: "x", previous_response_id: "resp_unknown" });
    expect(refused).toEqual([
      {
        type: "error",
        status: 400,
        error: {
          type: "invalid_request_error",
          code: "previous_response_not_found",
          message: expect.stringContaining("resp_unknown"),
          param: "previous_response_id",
        },
      },
    ]);
    const next = await client.turn({ model: "gpt-4o", input: "still there?" });
    expect(next.at(-1)?.type).toBe("response.completed");
    client.close();
  });

  it("bad JSON, a wrong type and an invalid request → 400 error frames naming the param; the socket stays open", async () => {
    const client = await Client.open(stack.url);
    client.send("{not json");
    expect(await client.next()).toMatchObject({
      type: "error",
      status: 400,
      error: { code: "invalid_json", param: null },
    });
    client.send({ type: "response.cancel" });
    expect(await client.next()).toMatchObject({ type: "error", status: 400, error: { param: "type" } });
    client.send([1, 2]);
    expect(await client.next()).toMatchObject({
      type: "error",
      status: 400,
      error: { code: "invalid_json" },
    });
    client.send({ type: "response.create", model: "gpt-4o", input: "x", temperature: 5 });
    expect(await client.next()).toMatchObject({
      type: "error",
      status: 400,
      error: { type: "invalid_request_error", param: "temperature" },
    });
    client.send({ type: "response.create", input: "x" });
    expect(await client.next()).toMatchObject({ type: "error", status: 400, error: { param: "model" } });
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
    expect((await client.turn({ model: "gpt-4o", input: "fine now" })).at(-1)?.type).toBe(
      "response.completed",
    );
    client.close();
  });

  it("a continuation whose call gets no output → a 400 error frame naming input, before any upstream call", async () => {
    stack.simulator.script({
      respond: { reply: { functionCalls: [{ name: "get_weather", args: { city: "Paris" } }] } },
    });
    const client = await Client.open(stack.url);
    const tools = [{ type: "function", name: "get_weather", parameters: { type: "object" } }];
    const first = await client.turn({ model: "gpt-4o", input: "Weather in Paris?", tools, store: false });
    const call = responseOf(first).output.find((item) => item.type === "function_call") as
      | { call_id: string }
      | undefined;
    expect(call?.call_id).toBeDefined();
    client.send({
      type: "response.create",
      model: "gpt-4o",
      tools,
      store: false,
      previous_response_id: responseOf(first).id,
      input: "never mind",
    });
    expect(await client.next()).toMatchObject({
      type: "error",
      status: 400,
      error: {
        type: "invalid_request_error",
        param: "input",
        message: expect.stringContaining(`No tool output found for function call ${call?.call_id}.`),
      },
    });
    expect(upstreamBodies()).toHaveLength(1);
    client.close();
  });

  it("a failed continuation evicts the response it continued from", async () => {
    const client = await Client.open(stack.url);
    const first = await client.turn({ model: "gpt-4o", input: "remember me", store: false });
    const firstId = responseOf(first).id;
    stack.simulator.script({ respond: { error: { status: 400 } } });
    const failed = await client.turn({
      model: "gpt-4o",
      input: "x",
      store: false,
      previous_response_id: firstId,
    });
    expect(failed).toEqual([expect.objectContaining({ type: "error", status: 400 })]);
    const again = await client.turn({
      model: "gpt-4o",
      input: "x",
      store: false,
      previous_response_id: firstId,
    });
    expect(again).toEqual([
      expect.objectContaining({
        type: "error",
        error: expect.objectContaining({ code: "previous_response_not_found" }),
      }),
    ]);
    client.close();
  });

  it("a response that fails midway → error + response.failed, and its previous response is evicted too", async () => {
    const client = await Client.open(stack.url);
    const firstId = responseOf(await client.turn({ model: "gpt-4o", input: "remember me", store: false })).id;
    stack.simulator.script({ match: { stream: true }, respond: { fault: "cut", afterChunks: 2 } });
    const failed = await client.turn({
      model: "gpt-4o",
      input: "many words in this long prompt here",
      store: false,
      previous_response_id: firstId,
    });
    expect(failed.slice(-2).map((event) => event.type)).toEqual(["error", "response.failed"]);
    const again = await client.turn({ model: "gpt-4o", input: "x", previous_response_id: firstId });
    expect(again[0]).toMatchObject({ type: "error", error: { code: "previous_response_not_found" } });
    client.close();
  });

  it("a turn that fails midway is its own entry's error, not its connection's: the upgrade stays 101, no error", async () => {
    const client = await Client.open(stack.url);
    stack.simulator.script({ match: { stream: true }, respond: { fault: "cut", afterChunks: 2 } });
    const failed = await client.turn({ model: "gpt-4o", input: "many words in this long prompt here" });
    expect(failed.at(-1)?.type).toBe("response.failed");
    client.close();
    // The connection's entry is written once its socket has closed.
    let entries: Record<string, unknown>[] = [];
    for (const deadline = Date.now() + 2_000; Date.now() < deadline; ) {
      const page = (await (await fetch(`${stack.url}/admin/requests?limit=3`)).json()) as {
        data: Record<string, unknown>[];
      };
      entries = page.data;
      if (entries[0]?.method === "GET") break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const [upgrade, turn] = entries;
    expect(turn).toMatchObject({ method: "WS", status: 200, error_type: "upstream_error" });
    expect(upgrade).toMatchObject({ method: "GET", status: 101, error_type: "none" });
  });

  it("a response.create while a response runs → an error frame; the running one completes", async () => {
    stack.simulator.script({ delayMs: 300, respond: { reply: { text: "slow answer" } } });
    const client = await Client.open(stack.url);
    client.send({ type: "response.create", model: "gpt-4o", input: "slow" });
    client.send({ type: "response.create", model: "gpt-4o", input: "too soon" });
    const messages = await client.readTurn();
    expect(messages).toEqual([
      expect.objectContaining({
        type: "error",
        status: 409,
        error: expect.objectContaining({ code: "response_already_in_flight" }),
      }),
    ]);
    const running = await client.readTurn();
    expect(running.at(-1)?.type).toBe("response.completed");
    expect(textOf(running)).toBe("slow answer");
    client.close();
  });

  it("a client that disconnects mid-answer aborts the upstream call and frees the account", async () => {
    stack.simulator.script({
      chunkDelayMs: 200,
      respond: { reply: { text: Array.from({ length: 40 }, (_, index) => `word${index}`).join(" ") } },
    });
    const client = await Client.open(stack.url);
    client.send({ type: "response.create", model: "gpt-4o", input: "talk slowly" });
    for (
      let message = await client.next();
      message.type !== "response.output_text.delta";
      message = await client.next()
    );
    expect(stack.gateway.pool.inFlightCount()).toBe(1);
    client.close();
    const deadline = Date.now() + 2_000;
    while (stack.gateway.pool.inFlightCount() > 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stack.gateway.pool.inFlightCount()).toBe(0);
  });

  it("also answers on /responses (no /v1); a plain GET without the upgrade is a 404", async () => {
    const socket = new WebSocket(`${stack.url.replace(/^http/, "ws")}/responses`);
    await new Promise((resolve, reject) => {
      socket.once("open", resolve);
      socket.once("error", reject);
    });
    socket.close();
    const unknown = new WebSocket(`${stack.url.replace(/^http/, "ws")}/v1/nowhere`);
    await expect(
      new Promise((resolve, reject) => unknown.once("open", resolve).once("error", reject)),
    ).rejects.toThrow(/404/);
    const plain = await fetch(`${stack.url}/v1/responses`);
    expect(plain.status).toBe(404);
    expect(((await plain.json()) as { error: unknown }).error).toMatchObject({
      type: "invalid_request_error",
    });
  });

  it("refuses a browser origin that cors_origins does not list, and a foreign Host (403 before the upgrade)", async () => {
    await expect(Client.open(stack.url, { origin: "https://evil.example" })).rejects.toThrow(/403/);
    await expect(Client.open(stack.url, { host: "evil.example" })).rejects.toThrow(/403/);
  });
});

describe("the Responses WebSocket with auth (strict mode)", () => {
  let guarded: Stack;
  beforeAll(async () => {
    guarded = await startStack(1, { auth_mode: "strict", api_keys: ["secret-key"] });
  });
  afterAll(() => guarded.close());

  it("refuses the upgrade without a key or with a wrong one (401), accepts a right one", async () => {
    await expect(Client.open(guarded.url)).rejects.toThrow(/401/);
    await expect(Client.open(guarded.url, { authorization: "Bearer wrong" })).rejects.toThrow(/401/);
    const client = await Client.open(guarded.url, { authorization: "Bearer secret-key" });
    expect((await client.turn({ model: "gpt-4o", input: "hi" })).at(-1)?.type).toBe("response.completed");
    client.close();
  });

  it("a refused upgrade is in the request log as the 401 the client got, not as an open socket (101)", async () => {
    await expect(Client.open(guarded.url, { authorization: "Bearer wrong" })).rejects.toThrow(/401/);
    const page = (await (await fetch(`${guarded.url}/admin/requests?limit=20`)).json()) as {
      data: Record<string, unknown>[];
    };
    const upgrades = page.data.filter((entry) => entry.method === "GET" && entry.route === "/v1/responses");
    // The sockets opened by the test before are there too (101, no error).
    expect(upgrades.filter((entry) => entry.status === 401)[0]).toMatchObject({ error_type: "auth" });
    for (const entry of upgrades.filter((upgrade) => upgrade.status === 101))
      expect(entry.error_type).toBe("none");
  });

  it("works with the official openai SDK's ResponsesWS client (auth header, events, continuation)", async () => {
    const openai = new OpenAI({ baseURL: `${guarded.url}/v1`, apiKey: "secret-key", maxRetries: 0 });
    const socket = new ResponsesWS(openai);
    const events: { type: string; response?: { id: string } }[] = [];
    const errors: unknown[] = [];
    socket.on("error", (error) => errors.push(error));
    socket.on("event", (event) => events.push(event));
    const completed = () =>
      new Promise<{ id: string; output_text?: string }>((resolve) =>
        socket.once("response.completed", (event) => resolve(event.response)),
      );

    socket.send({ type: "response.create", model: "gpt-4o", input: "hello from the SDK", store: false });
    const first = await completed();
    socket.send({
      type: "response.create",
      model: "gpt-4o",
      input: "and once more",
      store: false,
      previous_response_id: first.id,
    });
    await completed();
    socket.close();

    expect(errors).toEqual([]);
    expect(events.filter((event) => event.type === "response.completed")).toHaveLength(2);
    expect(events[0]?.type).toBe("response.created");
  });
});

describe("the Responses WebSocket over a store that cannot save (a full disk)", () => {
  let dataDir: string;
  let full: Stack;
  beforeAll(async () => {
    dataDir = tempDir("agate-ws-full-");
    full = await startStack(1, { data_dir: dataDir }, { inMemoryStore: false });
    // A second connection to the gateway's own file makes every save of a response fail, as a full disk would.
    const db = new Database(join(dataDir, "agate.db"));
    db.exec(
      "CREATE TRIGGER full_disk BEFORE INSERT ON responses BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
    );
    db.close();
  });
  afterAll(() => full.close());

  it("a response whose save failed ends in response.failed and cannot be continued on the socket", async () => {
    const client = await Client.open(full.url);
    const unsaved = await client.turn({ model: "gpt-4o", input: "keep me" });
    expect(unsaved.slice(-2)).toEqual([
      expect.objectContaining({ type: "error", code: "response_not_stored" }),
      expect.objectContaining({ type: "response.failed" }),
    ]);
    const again = await client.turn({
      model: "gpt-4o",
      input: "x",
      previous_response_id: responseOf(unsaved).id,
    });
    expect(again).toEqual([
      expect.objectContaining({
        type: "error",
        error: expect.objectContaining({ code: "previous_response_not_found" }),
      }),
    ]);
    client.close();
  });
});

describe("the Responses WebSocket's pings (every stream_keepalive_ms)", () => {
  let pinging: Stack;
  beforeAll(async () => {
    pinging = await startStack(1, { stream_keepalive_ms: 50 });
  });
  afterAll(() => pinging.close());

  const open = (options: WebSocket.ClientOptions = {}) => {
    const socket = new WebSocket(`${pinging.url.replace(/^http/, "ws")}/v1/responses`, options);
    return new Promise<WebSocket>((resolve, reject) => {
      socket.once("open", () => resolve(socket));
      socket.once("error", reject);
    });
  };

  it("an idle client is pinged, and stays connected while it answers", async () => {
    const socket = await open();
    let pings = 0;
    socket.on("ping", () => pings++);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(pings).toBeGreaterThanOrEqual(3);
    expect(socket.readyState).toBe(WebSocket.OPEN);
    socket.close();
  });

  it("a client that answers no ping is let go after two", async () => {
    const socket = await open({ autoPong: false });
    const closed = new Promise<number>((resolve) => socket.once("close", resolve));
    const started = Date.now();
    expect(await closed).toBe(1006);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
