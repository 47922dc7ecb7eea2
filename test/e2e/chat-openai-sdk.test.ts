import OpenAI from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { faults } from "../../src/simulator/index.js";
import { type Stack, startStack } from "../helpers/stack.js";

let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack(2);
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.reset());

describe("chat completions through the official openai SDK", () => {
  it("a plain answer, with the mapping and account headers", async () => {
    const { data, response } = await client.chat.completions
      .create({ model: "gpt-4o", messages: [{ role: "user", content: "hi there" }] })
      .withResponse();
    expect(data.object).toBe("chat.completion");
    expect(data.model).toBe("gpt-4o");
    expect(data.choices[0]?.message.content).toContain("You said: hi there");
    expect(data.choices[0]?.finish_reason).toBe("stop");
    expect(data.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(response.headers.get("x-mapped-model")).toBe("gemini-3.5-flash");
    expect(response.headers.get("x-account-email")).toMatch(/^account[12]@test$/);
    expect(response.headers.get("x-agate-attempts")).toBe("1");
    const upstream = stack.simulator.requests.find(
      (request) => request.kind === "gemini" && request.method === "POST",
    );
    expect(upstream?.path).toBe("/v1beta/models/gemini-3.5-flash:generateContent");
    expect(upstream?.query.key).toBeUndefined();
    expect(upstream?.headers["x-goog-api-key"]).toBe("sim-key-1");
  });

  it("a model named as Google's resource (models/…) goes upstream by its bare name; the answer keeps the name asked", async () => {
    const { data, response } = await client.chat.completions
      .create({ model: "models/gemini-2.5-pro", messages: [{ role: "user", content: "hi" }] })
      .withResponse();
    expect(data.model).toBe("models/gemini-2.5-pro");
    expect(response.headers.get("x-mapped-model")).toBe("gemini-2.5-pro");
    const upstream = stack.simulator.requests.find(
      (request) => request.kind === "gemini" && request.method === "POST",
    );
    expect(upstream?.path).toBe("/v1beta/models/gemini-2.5-pro:generateContent");
  });

  it("the system message reaches Gemini as systemInstruction", async () => {
    await client.chat.completions.create({
      model: "gemini-2.5-pro",
      messages: [
        { role: "system", content: "Be terse." },
        { role: "user", content: "hello" },
      ],
    });
    const body = stack.simulator.requests.find(
      (request) => request.kind === "gemini" && request.method === "POST",
    )?.body as {
      systemInstruction?: unknown;
      contents?: unknown;
    };
    expect(body.systemInstruction).toEqual({ parts: [{ text: "Be terse." }] });
    expect(body.contents).toEqual([{ role: "user", parts: [{ text: "hello" }] }]);
  });

  it("only a system message is answered: Gemini gets the instruction as the user's turn", async () => {
    const completion = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "system", content: "only system" }],
    });
    expect(completion.choices[0]?.message.content).toContain("only system");
    const body = stack.simulator.requests.find(
      (request) => request.kind === "gemini" && request.method === "POST",
    )?.body as {
      systemInstruction?: unknown;
      contents?: unknown;
    };
    expect(body.systemInstruction).toBeUndefined();
    expect(body.contents).toEqual([{ role: "user", parts: [{ text: "only system" }] }]);
  });

  it("streams: role first, text deltas, finish_reason, usage, then the SDK ends cleanly", async () => {
    const stream = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "stream me a few words please" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: "assistant", content: "" });
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("");
    expect(text).toContain("You said: stream me a few words please");
    expect(chunks.filter((chunk) => chunk.choices[0]?.finish_reason === "stop")).toHaveLength(1);
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage?.total_tokens).toBeGreaterThan(0);
    expect(stack.simulator.requests.some((request) => request.path.endsWith(":streamGenerateContent"))).toBe(
      true,
    );
  });

  it("with include_usage every chunk before the usage chunk says usage: null; without it, no usage key", async () => {
    const request = {
      model: "gpt-4o",
      messages: [{ role: "user" as const, content: "count the chunks" }],
      stream: true as const,
    };
    const withUsage = [];
    for await (const chunk of await client.chat.completions.create({
      ...request,
      stream_options: { include_usage: true },
    }))
      withUsage.push(chunk);
    expect(withUsage.length).toBeGreaterThan(2);
    for (const chunk of withUsage.slice(0, -1)) expect(chunk).toHaveProperty("usage", null);
    expect(withUsage.at(-1)?.usage?.total_tokens).toBeGreaterThan(0);
    const without = [];
    for await (const chunk of await client.chat.completions.create(request)) without.push(chunk);
    for (const chunk of without) expect(chunk).not.toHaveProperty("usage");
  });

  it("an assistant refusal part is replayed as the assistant's text; a bad part is named in the 400", async () => {
    const completion = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [
        { role: "user", content: "tell me a secret" },
        { role: "assistant", content: [{ type: "refusal", refusal: "I can't share that." }] },
        { role: "user", content: "fine, say hi" },
      ],
    });
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    const body = stack.simulator.requests.find(
      (request) => request.kind === "gemini" && request.method === "POST",
    )?.body as {
      contents?: unknown[];
    };
    expect(body.contents?.[1]).toEqual({ role: "model", parts: [{ text: "I can't share that." }] });
    const error = await client.chat.completions
      .create({
        model: "gpt-4o",
        messages: [{ role: "user", content: [{ type: "input_text", text: "hi" } as never] }],
      })
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("messages[0].content[0].type");
  });

  it("a rate-limited account is skipped: the client sees a success from the other one", async () => {
    stack.simulator.script({ match: { apiKey: "sim-key-1" }, respond: faults.rateLimitPerMinute("30s") });
    stack.simulator.script({ match: { apiKey: "sim-key-2" }, respond: faults.rateLimitPerMinute("30s") });
    const first = await client.chat.completions
      .create({ model: "gemini-2.5-flash-lite", messages: [{ role: "user", content: "x" }] })
      .withResponse()
      .catch((error: unknown) => error);
    // Both accounts were rate limited for this model: the SDK raises a RateLimitError.
    expect(first).toBeInstanceOf(OpenAI.RateLimitError);
    stack.simulator.reset();
    stack.simulator.script({ respond: faults.overloaded() });
    const { data, response } = await client.chat.completions
      .create({ model: "gemini-2.5-pro", messages: [{ role: "user", content: "y" }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toContain("You said: y");
    expect(response.headers.get("x-agate-attempts")).toBe("2");
    const keys = stack.simulator.requests
      .filter((request) => request.model !== undefined)
      .map((r) => r.headers["x-goog-api-key"]);
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe(keys[1]);
    expect(response.headers.get("x-account-email")).toBe(
      keys[1] === "sim-key-1" ? "account1@test" : "account2@test",
    );
  });

  it("while every account cools for a model, the SDK gets 429 all_accounts_cooling with Retry-After", async () => {
    stack.simulator.script({ match: { apiKey: "sim-key-1" }, respond: faults.rateLimitPerMinute("40s") });
    stack.simulator.script({ match: { apiKey: "sim-key-2" }, respond: faults.rateLimitPerMinute("40s") });
    await client.chat.completions
      .create({ model: "cooling-model", messages: [{ role: "user", content: "x" }] })
      .catch(() => {});
    const error = await client.chat.completions
      .create({ model: "cooling-model", messages: [{ role: "user", content: "x" }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const rateLimit = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rateLimit.code).toBe("all_accounts_cooling");
    // The earliest account to free up decides: account1 may still rest from the previous test's 503.
    const retryAfter = Number(rateLimit.headers?.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(40);
    expect(rateLimit.headers?.get("x-mapped-model")).toBe("cooling-model");
  });

  it("an upstream 400 is passed on as a BadRequestError, not retried", async () => {
    stack.simulator.script({
      match: { apiKey: "sim-key-1" },
      respond: faults.badRequest("Invalid value at 'contents'"),
    });
    stack.simulator.script({
      match: { apiKey: "sim-key-2" },
      respond: faults.badRequest("Invalid value at 'contents'"),
    });
    const error = await client.chat.completions
      .create({ model: "gemini-2.5-flash", messages: [{ role: "user", content: "x" }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain("Invalid value at 'contents'");
    expect(
      stack.simulator.requests.filter((request) => request.kind === "gemini" && request.method === "POST"),
    ).toHaveLength(1);
  });

  it("a stream that dies midway ends with an error frame the SDK raises, never a silent cut", async () => {
    stack.simulator.script({
      match: { stream: true },
      forever: true,
      respond: { fault: "cut", afterChunks: 2 },
    });
    const stream = await client.chat.completions.create({
      model: "gemini-2.5-flash",
      messages: [{ role: "user", content: "a long answer with many words in it" }],
      stream: true,
    });
    const seen: string[] = [];
    const failure = await (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.delta.content ?? "");
    })().catch((error: unknown) => error);
    expect(seen.join("")).not.toBe("");
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    // The upstream's fault, said as such: not agate's internal error; the model it failed for named.
    expect((failure as Error).message).toContain("The upstream failed for 'gemini-2.5-flash'.");
    expect((failure as Error).message).toContain("Upstream (Gemini) said");
    expect((failure as Error).message).not.toContain("internal error");
  });

  it("chat.completions.parse with a zod response_format: the SDK parses the JSON the model wrote", async () => {
    const person = z.object({ name: z.string(), age: z.number() });
    const completion = await client.chat.completions.parse({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Ada" }],
      response_format: zodResponseFormat(person, "person"),
    });
    expect(completion.choices[0]?.message.parsed).toEqual({ name: "Ada", age: 1 });
  });

  it("tool_choice required or a named function: the model must call, and does", async () => {
    const tools: OpenAI.Chat.ChatCompletionFunctionTool[] = ["weather", "clock"].map((name) => ({
      type: "function",
      function: { name, parameters: { type: "object", properties: { place: { type: "string" } } } },
    }));
    const messages = [{ role: "user" as const, content: "Paris" }];
    const required = await client.chat.completions.create({
      model: "gpt-4o",
      tools,
      tool_choice: "required",
      messages,
    });
    expect(required.choices[0]?.finish_reason).toBe("tool_calls");
    expect(required.choices[0]?.message.tool_calls?.[0]).toMatchObject({
      type: "function",
      function: { name: "weather", arguments: '{"place":"Paris"}' },
    });
    const named = await client.chat.completions.create({
      model: "gpt-4o",
      tools,
      tool_choice: { type: "function", function: { name: "clock" } },
      messages,
    });
    expect(named.choices[0]?.message.tool_calls?.[0]).toMatchObject({ function: { name: "clock" } });
  });

  it("logprobs with top_logprobs: each token with its alternatives, whole and streamed", async () => {
    const request = {
      model: "gpt-4o",
      messages: [{ role: "user" as const, content: "hi" }],
      logprobs: true,
      top_logprobs: 2,
    };
    const completion = await client.chat.completions.create(request);
    const choice = completion.choices[0];
    const tokens = choice?.logprobs?.content ?? [];
    expect(tokens.map((token) => token.token).join("")).toBe(choice?.message.content);
    expect(tokens[0]?.top_logprobs).toHaveLength(2);
    expect(tokens[0]?.bytes).toEqual([...Buffer.from(tokens[0]?.token ?? "")]);
    // Each chunk carries its own text's log probabilities, as OpenAI streams them.
    for await (const chunk of await client.chat.completions.create({ ...request, stream: true })) {
      const choice = chunk.choices[0];
      const chunkTokens = choice?.logprobs?.content ?? [];
      expect(chunkTokens.map((token) => token.token).join("")).toBe(choice?.delta.content ?? "");
    }
    const streamed = await client.chat.completions.stream(request).finalChatCompletion();
    const streamedTokens = streamed.choices[0]?.logprobs?.content ?? [];
    expect(streamedTokens.map((token) => token.token).join("")).toBe(streamed.choices[0]?.message.content);
    expect(streamedTokens).toEqual(tokens);
  });

  it("models.list shows the aliases and the upstream's models", async () => {
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models).toContain("gpt-4o");
    expect(models).toContain("gemini-2.5-pro");
    expect([...models].sort()).toEqual(models);
  });

  it("models.retrieve finds a listed model, and a name only a wildcard alias serves; not a name nothing serves", async () => {
    expect(await client.models.retrieve("gpt-4o")).toMatchObject({ id: "gpt-4o", object: "model" });
    expect(await client.models.retrieve("gpt-4o-2024-08-06")).toMatchObject({
      id: "gpt-4o-2024-08-06",
      object: "model",
      owned_by: "agate",
    });
    // A GPT-5 point release, the OpenAI Agents SDK's default: routed by the wildcards gpt-5.* and gpt-5.*-luna*.
    for (const id of ["gpt-5.1", "gpt-5.6-luna"])
      expect(await client.models.retrieve(id)).toMatchObject({ id, object: "model", owned_by: "agate" });
    await expect(client.models.retrieve("gpt-4o-*")).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(client.models.retrieve("gpt-5.*")).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(client.models.retrieve("no-such-model")).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});
