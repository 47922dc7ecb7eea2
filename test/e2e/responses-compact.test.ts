import { statSync } from "node:fs";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { COMPACTION_INSTRUCTION } from "../../src/protocols/responses/compaction.js";
import { type Stack, startStack } from "../helpers/stack.js";
import { tempDir } from "../helpers/temp-dir.js";

type GeminiBody = { contents: { role: string; parts: { text?: string }[] }[]; systemInstruction?: unknown };

const SUMMARY = "The user is Ada; she asked for the weather in Paris and was told it is sunny.";

let dataDir: string;
let stack: Stack;
let client: OpenAI;
const upstreamBodies = () =>
  stack.simulator.requests
    .filter((request) => request.model !== undefined)
    .map((request) => request.body as GeminiBody);
const textsOf = (body: GeminiBody | undefined) =>
  (body?.contents ?? []).flatMap((content) => content.parts.map((part) => part.text ?? ""));

beforeAll(async () => {
  dataDir = tempDir("agate-compact-");
  stack = await startStack(1, { data_dir: dataDir });
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.reset());

const conversation: OpenAI.Responses.ResponseInputItem[] = [
  { role: "user", content: "I am Ada. What is the weather in Paris?" },
  { role: "assistant", content: "It is sunny in Paris." },
  { role: "user", content: [{ type: "input_text", text: "Thanks!" }] },
];

async function compactConversation() {
  stack.simulator.script({ respond: { reply: { text: SUMMARY } } });
  return client.responses.compact({ model: "gpt-4o", instructions: "Be brief.", input: conversation });
}

describe("POST /v1/responses/compact", () => {
  it("asks the model for a summary through the pool and answers with a response.compaction object", async () => {
    const compacted = await compactConversation();
    expect(compacted.id).toMatch(/^resp_/);
    expect(compacted.object).toBe("response.compaction");
    expect(compacted.created_at).toBeTypeOf("number");
    expect(compacted.usage.total_tokens).toBeGreaterThan(0);
    // OpenAI's shape: the user messages, then one compaction item.
    expect(compacted.output).toHaveLength(3);
    expect(compacted.output.slice(0, 2)).toEqual([
      expect.objectContaining({
        type: "message",
        role: "user",
        content: [{ type: "input_text", text: "I am Ada. What is the weather in Paris?" }],
      }),
      expect.objectContaining({
        type: "message",
        role: "user",
        content: [{ type: "input_text", text: "Thanks!" }],
      }),
    ]);
    const item = compacted.output[2] as { type: string; id: string; encrypted_content: string };
    expect(item.type).toBe("compaction");
    expect(item.id).toMatch(/^cmp_/);
    // Sealed: neither the summary nor its base64 decoding shows through. A short word such as "Ada" would turn up
    // in random base64 now and then, so the check uses a phrase no random text holds.
    expect(item.encrypted_content).not.toContain("weather in Paris");
    expect(Buffer.from(item.encrypted_content, "base64url").toString("latin1")).not.toContain(
      "weather in Paris",
    );

    const upstream = upstreamBodies();
    expect(upstream).toHaveLength(1);
    expect(upstream[0]?.systemInstruction).toEqual({ parts: [{ text: "Be brief." }] });
    expect(textsOf(upstream[0])).toEqual([
      "I am Ada. What is the weather in Paris?",
      "It is sunny in Paris.",
      "Thanks!",
      COMPACTION_INSTRUCTION,
    ]);
    expect(stack.simulator.requests.find((request) => request.model !== undefined)?.stream).toBe(false);
  });

  it("its output, given back as input, puts the summary in front of the model", async () => {
    const compacted = await compactConversation();
    stack.simulator.reset();
    const next = await client.responses.create({
      model: "gpt-4o",
      input: [
        ...(compacted.output as OpenAI.Responses.ResponseInputItem[]),
        { role: "user", content: "Where was I asking about?" },
      ],
    });
    expect(next.status).toBe("completed");
    const texts = textsOf(upstreamBodies()[0]);
    expect(texts).toContain(`Summary of the earlier conversation: ${SUMMARY}`);
    expect(texts.at(-1)).toBe("Where was I asking about?");
  });

  it("the compaction item also works over the Responses stream and after previous_response_id", async () => {
    const compacted = await compactConversation();
    const item = compacted.output.at(-1) as OpenAI.Responses.ResponseInputItem;
    const first = await client.responses.create({
      model: "gpt-4o",
      input: [item, { role: "user", content: "go on" }],
    });
    stack.simulator.reset();
    await client.responses.create({ model: "gpt-4o", input: "and then?", previous_response_id: first.id });
    expect(textsOf(upstreamBodies()[0])).toContain(`Summary of the earlier conversation: ${SUMMARY}`);
  });

  it("compacts the stored conversation behind previous_response_id", async () => {
    const first = await client.responses.create({ model: "gpt-4o", input: "the first message" });
    stack.simulator.reset();
    stack.simulator.script({ respond: { reply: { text: SUMMARY } } });
    const compacted = await client.responses.compact({
      model: "gpt-4o",
      previous_response_id: first.id,
      input: "the second message",
    });
    expect(textsOf(upstreamBodies()[0])).toEqual([
      "the first message",
      expect.stringContaining("You said: the first message"),
      "the second message",
      COMPACTION_INSTRUCTION,
    ]);
    expect(compacted.output.map((item) => item.type)).toEqual(["message", "message", "compaction"]);
  });

  it("a tampered compaction item → 400 naming the input item", async () => {
    const compacted = await compactConversation();
    const item = compacted.output.at(-1) as { encrypted_content: string };
    const blob = Buffer.from(item.encrypted_content, "base64url");
    blob[blob.length - 1] = (blob[blob.length - 1] ?? 0) ^ 1;
    const tampered = { type: "compaction" as const, encrypted_content: blob.toString("base64url") };
    const error = await client.responses
      .create({ model: "gpt-4o", input: [{ role: "user", content: "hi" }, tampered] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("input[1].encrypted_content");
    expect((error as Error).message).toContain("input[1]");
    const junk = await client.responses
      .create({ model: "gpt-4o", input: [{ type: "compaction", encrypted_content: "not-a-blob" }] })
      .catch((caught: unknown) => caught);
    expect(junk).toBeInstanceOf(OpenAI.BadRequestError);
  });

  it("a missing model → 400 naming `model`; no upstream call", async () => {
    const response = await fetch(`${stack.url}/v1/responses/compact`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ input: "summarise me" }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: unknown }).error).toMatchObject({
      type: "invalid_request_error",
      param: "model",
    });
    expect(upstreamBodies()).toHaveLength(0);
  });

  it("nothing to compact → 400; an unknown previous_response_id → 404", async () => {
    await expect(client.responses.compact({ model: "gpt-4o" })).rejects.toBeInstanceOf(
      OpenAI.BadRequestError,
    );
    await expect(
      client.responses.compact({ model: "gpt-4o", previous_response_id: "resp_nope" }),
    ).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it("an upstream answer without text → 502 compaction_failed", async () => {
    stack.simulator.script({ respond: { reply: { text: "" } } });
    const error = await client.responses
      .compact({ model: "gpt-4o", input: "x" })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe("compaction_failed");
  });

  it("/responses/compact (no /v1) answers the same way, with X-Mapped-Model", async () => {
    stack.simulator.script({ respond: { reply: { text: SUMMARY } } });
    const response = await fetch(`${stack.url}/responses/compact`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o", input: "hello" }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-mapped-model")).toBeTruthy();
    expect(((await response.json()) as { object: unknown }).object).toBe("response.compaction");
  });

  it("the key is kept in data_dir/compaction.key (0600): items survive a restart", async () => {
    const compacted = await compactConversation();
    expect(statSync(join(dataDir, "compaction.key")).mode & 0o777).toBe(0o600);
    const restarted = await startStack(1, { data_dir: dataDir });
    try {
      const response = await fetch(`${restarted.url}/v1/responses`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: "gpt-4o",
          input: [compacted.output.at(-1), { role: "user", content: "continue" }],
        }),
      });
      expect(response.status).toBe(200);
      const other = await startStack(1, { compaction_secret: "a different secret entirely" });
      try {
        const refused = await fetch(`${other.url}/v1/responses`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ model: "gpt-4o", input: [compacted.output.at(-1)] }),
        });
        expect(refused.status).toBe(400);
      } finally {
        await other.close();
      }
    } finally {
      await restarted.close();
    }
  });
});

describe("a compaction_trigger item at the end of POST /v1/responses (Codex's remote compaction)", () => {
  const trigger = { type: "compaction_trigger" } as unknown as OpenAI.Responses.ResponseInputItem;

  it("streams one compaction item holding the summary, sealed; given back, it puts the summary in front of the model", async () => {
    stack.simulator.script({ respond: { reply: { thought: "Let me summarise.", text: SUMMARY } } });
    const stream = await client.responses.create({
      model: "gpt-4o",
      instructions: "Be brief.",
      input: [...conversation, trigger],
      stream: true,
      store: false,
      include: ["reasoning.encrypted_content"],
    });
    const events: { type: string; item?: { type: string }; response?: OpenAI.Responses.Response }[] = [];
    for await (const event of stream) events.push(event);
    expect(events.map((event) => event.type)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.output_item.done",
      "response.completed",
    ]);
    const item = events[3]?.item as { type: string; id: string; encrypted_content: string };
    expect(item).toMatchObject({ type: "compaction", encrypted_content: expect.any(String) });
    expect(item.encrypted_content).not.toContain("weather in Paris");
    expect(events.at(-1)?.response?.output).toEqual([item]);
    expect(textsOf(upstreamBodies()[0])).toEqual([
      "I am Ada. What is the weather in Paris?",
      "It is sunny in Paris.",
      "Thanks!",
      COMPACTION_INSTRUCTION,
    ]);

    stack.simulator.reset();
    await client.responses.create({
      model: "gpt-4o",
      input: [item as unknown as OpenAI.Responses.ResponseInputItem, { role: "user", content: "go on" }],
    });
    expect(textsOf(upstreamBodies()[0])).toEqual([
      `Summary of the earlier conversation: ${SUMMARY}`,
      "go on",
    ]);
  });

  it("without streaming: a Response whose output is the compaction item; no summary → failed", async () => {
    stack.simulator.script({ respond: { reply: { text: SUMMARY } } });
    const compacted = await client.responses.create({ model: "gpt-4o", input: [...conversation, trigger] });
    expect(compacted.status).toBe("completed");
    expect(compacted.output.map((item) => item.type)).toEqual(["compaction"]);

    stack.simulator.script({ respond: { reply: { functionCalls: [{ name: "f", args: {} }] } } });
    const empty = await client.responses
      .create({ model: "gpt-4o", input: [...conversation, trigger] })
      .catch((error: unknown) => error);
    expect(empty).toBeInstanceOf(OpenAI.APIError);
    expect((empty as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
  });
});
