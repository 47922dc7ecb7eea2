import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { faults } from "../../src/simulator/index.js";
import { geminiAccounts, generations, type PoolStack, startPoolStack } from "../pool/support.js";
import { eventually, expectNoneInFlight } from "../reliability/support.js";

/**
 * Contract §7: a streamed answer gets `: keep-alive` comments after stream_keepalive_ms of upstream silence,
 * and that includes the wait for its first output (a model thinking with its thoughts hidden can be silent
 * for a minute, longer than a proxy's read timeout). Past stream_keepalive_ms the SSE head goes out (200)
 * with comments while the pool goes on; the answer, or its failure in the protocol's own error shape,
 * follows in the same stream. A failure before then still gets its HTTP status.
 */

const KEEPALIVE_MS = 50;
const SLOW_MS = 400;
const MODEL = "gemini-2.5-flash";

let stack: PoolStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

interface Seen {
  status: number;
  headers: Headers;
  /** Milliseconds from the request to its response head. */
  headAfterMs: number;
  body: Promise<string>;
}

/** The SDK over a fetch that keeps a copy of every answer's raw bytes (comments included) and its head. */
function recordingClient(current: PoolStack): { client: OpenAI; seen: Seen[] } {
  const seen: Seen[] = [];
  const client = new OpenAI({
    baseURL: `${current.url}/v1`,
    apiKey: "unused",
    maxRetries: 0,
    fetch: async (url, init) => {
      const startedAt = Date.now();
      const response = await fetch(url, init);
      seen.push({
        status: response.status,
        headers: response.headers,
        headAfterMs: Date.now() - startedAt,
        body: response.clone().text(),
      });
      return response;
    },
  });
  return { client, seen };
}

async function slowStack(accounts = 1): Promise<PoolStack> {
  stack = await startPoolStack({
    accounts: geminiAccounts(accounts),
    config: { stream_keepalive_ms: KEEPALIVE_MS },
  });
  return stack;
}

/** How many keep-alive comments came before `marker` (-1: the marker never came). */
function keepAlivesBefore(body: string, marker: string): number {
  const at = body.indexOf(marker);
  if (at < 0) return -1;
  return body.slice(0, at).split(": keep-alive\n\n").length - 1;
}

describe("a slow first output: keep-alives before it, then the answer in the same stream", () => {
  it("chat: the head comes at once, comments follow, the SDK reads the whole answer", async () => {
    const current = await slowStack();
    current.simulator.script({ delayMs: SLOW_MS, respond: { reply: { text: "worth the wait" } } });
    const { client, seen } = recordingClient(current);
    const stream = await client.chat.completions.create({
      model: MODEL,
      stream: true,
      messages: [{ role: "user", content: "think hard" }],
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe("worth the wait");
    const [answer] = seen;
    expect(answer?.status).toBe(200);
    expect(answer?.headAfterMs).toBeLessThan(SLOW_MS);
    expect(answer?.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(answer?.headers.get("x-mapped-model")).toBe(MODEL);
    expect(answer?.headers.get("x-request-id")).toBeTruthy();
    expect(answer?.headers.get("x-agate-attempts")).toBe("1");
    // No account has answered when the head goes out.
    expect(answer?.headers.get("x-account-email")).toBeNull();
    const body = (await answer?.body) ?? "";
    expect(body.startsWith(": keep-alive\n\n")).toBe(true);
    expect(keepAlivesBefore(body, "data: ")).toBeGreaterThanOrEqual(2);
    expect(body.endsWith("data: [DONE]\n\n")).toBe(true);
  });

  it("completions: comments, then the text", async () => {
    const current = await slowStack();
    current.simulator.script({ delayMs: SLOW_MS, respond: { reply: { text: "legacy, slowly" } } });
    const { client, seen } = recordingClient(current);
    const stream = await client.completions.create({ model: MODEL, stream: true, prompt: "go" });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? "";
    expect(text).toBe("legacy, slowly");
    expect(keepAlivesBefore((await seen[0]?.body) ?? "", "data: ")).toBeGreaterThanOrEqual(2);
  });

  it("Responses: response.created at the head, comments, then the output, numbered without a gap", async () => {
    const current = await slowStack();
    current.simulator.script({ delayMs: SLOW_MS, respond: { reply: { text: "a considered reply" } } });
    const { client, seen } = recordingClient(current);
    const stream = client.responses.stream({ model: MODEL, input: "think hard" });
    const sequence: number[] = [];
    for await (const event of stream) sequence.push(event.sequence_number);
    const final = await stream.finalResponse();
    expect(final.status).toBe("completed");
    expect(final.output_text).toBe("a considered reply");
    expect(sequence).toEqual(sequence.map((_, index) => index));
    const body = (await seen[0]?.body) ?? "";
    expect(seen[0]?.headAfterMs).toBeLessThan(SLOW_MS);
    expect(keepAlivesBefore(body, "event: response.output_text.delta")).toBeGreaterThanOrEqual(2);
    expect((await client.responses.retrieve(final.id)).output_text).toBe("a considered reply");
  });

  it("a retry on a second account after the comments still answers", async () => {
    const current = await slowStack(2);
    current.simulator.script({
      match: { apiKey: "key-1" },
      delayMs: SLOW_MS,
      respond: faults.rateLimitPerMinute("17s"),
    });
    const { client, seen } = recordingClient(current);
    const stream = await client.chat.completions.create({
      model: MODEL,
      stream: true,
      messages: [{ role: "user", content: "second try" }],
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toContain("You said: second try");
    expect(generations(current.simulator).map((request) => request.headers["x-goog-api-key"])).toEqual([
      "key-1",
      "key-2",
    ]);
    // The head went out during the first attempt.
    expect(seen[0]?.headers.get("x-agate-attempts")).toBe("1");
    expect(keepAlivesBefore((await seen[0]?.body) ?? "", "data: ")).toBeGreaterThanOrEqual(2);
  });
});

describe("the time to first byte of a slow first output", () => {
  const ttfbOf = async (current: PoolStack, id: string | null | undefined): Promise<number | null> => {
    let record: ReturnType<typeof current.gateway.observability.findRequest>;
    await eventually(() => {
      record = current.gateway.observability.findRequest(id ?? "");
      return record !== undefined;
    });
    return record?.ttfbMs ?? null;
  };

  it.each([
    ["/v1/chat/completions", { messages: [{ role: "user", content: "think hard" }] }],
    ["/v1/responses", { input: "think hard" }],
  ])(
    "%s: the first output's, not the early head's (the request log and metrics read it)",
    async (path, extra) => {
      const current = await slowStack();
      current.simulator.script({ delayMs: SLOW_MS, respond: { reply: { text: "worth the wait" } } });
      const response = await fetch(`${current.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: MODEL, stream: true, ...extra }),
      });
      expect(await response.text()).toContain("worth the wait");
      expect(await ttfbOf(current, response.headers.get("x-request-id"))).toBeGreaterThanOrEqual(
        SLOW_MS - 20,
      );
    },
  );

  it("a quick stream: the head's, as before", async () => {
    const current = await slowStack();
    const response = await fetch(`${current.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: MODEL, stream: true, messages: [{ role: "user", content: "now" }] }),
    });
    await response.text();
    expect(await ttfbOf(current, response.headers.get("x-request-id"))).toBeLessThan(SLOW_MS);
  });
});

describe("a failure after the comments arrives in the stream, in the protocol's error shape", () => {
  it("chat: one error frame, then [DONE]; the SDK raises", async () => {
    const current = await slowStack();
    current.simulator.script({ delayMs: SLOW_MS, respond: faults.rateLimitPerMinute("17s") });
    const { client, seen } = recordingClient(current);
    const stream = await client.chat.completions.create({
      model: MODEL,
      stream: true,
      messages: [{ role: "user", content: "too many" }],
    });
    const outcome = await (async () => {
      for await (const _ of stream);
    })().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(OpenAI.APIError);
    expect(outcome).toMatchObject({ error: { type: "rate_limit_error", code: "rate_limit_exceeded" } });
    expect(seen[0]?.status).toBe(200);
    const body = (await seen[0]?.body) ?? "";
    expect(keepAlivesBefore(body, 'data: {"error":')).toBeGreaterThanOrEqual(2);
    expect(body.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(body.match(/^data: /gm)).toHaveLength(2);
  });

  it("Responses: response.created, in_progress, error, response.failed, numbered without a gap", async () => {
    const current = await slowStack();
    current.simulator.script({ delayMs: SLOW_MS, respond: faults.rateLimitPerMinute("17s") });
    const { client, seen } = recordingClient(current);
    const stream = await client.responses.create({ model: MODEL, input: "too many", stream: true });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    // The SDK raises on the error event (its nested `error`), as it does for OpenAI's own.
    const raised = await (async () => {
      for await (const event of stream) events.push(event);
    })().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(events.map((event) => event.type)).toEqual(["response.created", "response.in_progress"]);
    expect(raised).toBeInstanceOf(OpenAI.APIError);
    expect(raised).toMatchObject({ code: "rate_limit_exceeded" });
    const frames = (await (seen[0]?.body ?? "")).split("\n").filter((line) => line.startsWith("data: "));
    const sent = frames.map((line) => JSON.parse(line.slice("data: ".length)) as Record<string, unknown>);
    expect(sent.map((event) => event.type)).toEqual([
      "response.created",
      "response.in_progress",
      "error",
      "response.failed",
    ]);
    expect(sent.map((event) => event.sequence_number)).toEqual([0, 1, 2, 3]);
    expect(sent[2]).toMatchObject({ code: "rate_limit_exceeded", error: { code: "rate_limit_exceeded" } });
    expect(sent[3]).toMatchObject({ response: { error: { code: "rate_limit_exceeded" } } });
  });
});

describe("what the wait leaves as it was", () => {
  it("a quick 429 is still a 429 status with Retry-After", async () => {
    const current = await slowStack();
    current.simulator.script({ respond: faults.rateLimitPerMinute("17s") });
    const response = await fetch(`${current.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: MODEL, stream: true, messages: [{ role: "user", content: "now" }] }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("17");
    expect(await response.json()).toMatchObject({ error: { code: "rate_limit_exceeded" } });
  });

  it("completions: a prompt that fails quickly beside a slow one → the failure's status; the slow one freed", async () => {
    const current = await slowStack();
    current.simulator.script({ respond: faults.rateLimitPerMinute("17s") });
    current.simulator.script({ delayMs: SLOW_MS, respond: { reply: { text: "too late" } } });
    const startedAt = Date.now();
    const response = await fetch(`${current.url}/v1/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: MODEL, stream: true, prompt: ["one", "two"] }),
    });
    expect(response.status).toBe(429);
    // Not held back until the slow prompt's answer comes (it is given up then).
    expect(Date.now() - startedAt).toBeLessThan(SLOW_MS);
    expect(await response.json()).toMatchObject({ error: { type: "rate_limit_error" } });
    expect(generations(current.simulator)).toHaveLength(2);
    await expectNoneInFlight(current.gateway);
  });

  it("a client that leaves while waiting stops the upstream call", async () => {
    const current = await slowStack();
    current.simulator.script({ respond: { fault: "hang" } });
    const controller = new AbortController();
    // Bounded: without a head, the fetch would wait for ever.
    setTimeout(() => controller.abort(), 5_000).unref();
    const response = await fetch(`${current.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: MODEL, stream: true, messages: [{ role: "user", content: "wait" }] }),
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    const first = await reader?.read();
    expect(new TextDecoder().decode(first?.value)).toContain(": keep-alive");
    controller.abort();
    const upstream = () => generations(current.simulator)[0];
    expect(await eventually(() => upstream()?.closedAt !== undefined)).toBe(true);
    await expectNoneInFlight(current.gateway);
  });
});
