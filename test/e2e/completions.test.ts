import OpenAI from "openai";
import type { CompletionCreateParamsNonStreaming } from "openai/resources/completions";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
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

const upstreamCalls = () =>
  stack.simulator.requests.filter((request) => request.kind === "gemini" && request.method === "POST");

interface UpstreamBody {
  contents?: unknown;
  generationConfig?: Record<string, unknown> & { thinkingConfig?: unknown };
}
const firstUpstreamBody = (): UpstreamBody => (upstreamCalls()[0]?.body ?? {}) as UpstreamBody;

describe("legacy completions through the official openai SDK", () => {
  it("a prompt → a text_completion, with the mapping and account headers", async () => {
    const { data, response } = await client.completions
      .create({ model: "gpt-3.5-turbo-instruct", prompt: "Say this is a test" })
      .withResponse();
    expect(data.object).toBe("text_completion");
    expect(data.id).toMatch(/^cmpl-/);
    expect(data.model).toBe("gpt-3.5-turbo-instruct");
    expect(data.choices).toHaveLength(1);
    expect(data.choices[0]?.text).toContain("You said: Say this is a test");
    expect(data.choices[0]?.index).toBe(0);
    expect(data.choices[0]?.logprobs).toBeNull();
    expect(data.choices[0]?.finish_reason).toBe("stop");
    expect(data.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(data.usage?.total_tokens).toBe(
      (data.usage?.prompt_tokens ?? 0) + (data.usage?.completion_tokens ?? 0),
    );
    expect(response.headers.get("x-mapped-model")).toBe("gemini-3.1-flash-lite");
    expect(response.headers.get("x-agate-attempts")).toBe("1");
    expect(response.headers.get("x-account-email")).toMatch(/^account[12]@test$/);
    const calls = upstreamCalls();
    expect(calls).toHaveLength(1);
    expect(firstUpstreamBody().contents).toEqual([{ role: "user", parts: [{ text: "Say this is a test" }] }]);
  });

  it("streams text_completion chunks, one finish_reason, the usage chunk, then ends cleanly", async () => {
    const stream = await client.completions.create({
      model: "gpt-3.5-turbo-instruct",
      prompt: "stream me a few words please",
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((chunk) => chunk.object === "text_completion")).toBe(true);
    const text = chunks.map((chunk) => chunk.choices[0]?.text ?? "").join("");
    expect(text).toContain("You said: stream me a few words please");
    expect(chunks.filter((chunk) => chunk.choices[0]?.finish_reason === "stop")).toHaveLength(1);
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage?.total_tokens).toBeGreaterThan(0);
    expect(upstreamCalls()[0]?.path).toMatch(/:streamGenerateContent$/);
  });

  it("max_tokens and stop reach Gemini; a cut answer finishes with length", async () => {
    const data = await client.completions.create({
      model: "gemini-2.5-flash",
      prompt: "one two three four five six",
      max_tokens: 3,
      stop: ["\n\n"],
      temperature: 0.1,
    });
    expect(data.choices[0]?.finish_reason).toBe("length");
    expect(firstUpstreamBody().generationConfig).toMatchObject({
      maxOutputTokens: 3,
      stopSequences: ["\n\n"],
      temperature: 0.1,
    });
  });

  it("n: 2 → two choices from one upstream call", async () => {
    const data = await client.completions.create({ model: "gemini-2.5-flash", prompt: "twice", n: 2 });
    expect(data.choices.map((choice) => choice.index)).toEqual([0, 1]);
    expect(data.choices[1]?.text).toContain("candidate 2");
    expect(upstreamCalls()).toHaveLength(1);
  });

  it("several prompts → one upstream call each, choices numbered prompt × n + candidate", async () => {
    const data = await client.completions.create({
      model: "gemini-2.5-flash",
      prompt: ["first prompt", "second prompt"],
      n: 2,
    });
    expect(data.choices.map((choice) => choice.index)).toEqual([0, 1, 2, 3]);
    expect(data.choices[0]?.text).toContain("You said: first prompt");
    expect(data.choices[1]?.text).toContain("You said: first prompt");
    expect(data.choices[2]?.text).toContain("You said: second prompt");
    expect(data.choices[3]?.text).toContain("You said: second prompt");
    expect(upstreamCalls()).toHaveLength(2);
    const stream = await client.completions.create({
      model: "gemini-2.5-flash",
      prompt: ["first prompt", "second prompt"],
      stream: true,
    });
    const texts = ["", ""];
    for await (const chunk of stream) {
      for (const choice of chunk.choices) texts[choice.index] += choice.text;
    }
    expect(texts[0]).toContain("You said: first prompt");
    expect(texts[1]).toContain("You said: second prompt");
    expect(stack.gateway.pool.inFlightCount()).toBe(0);
  });

  it("one prompt failing before its first byte fails the request and frees the other prompt's account", async () => {
    stack.simulator.script({ respond: faults.badRequest("Invalid value at 'contents'") });
    const error = await client.completions
      .create({ model: "gemini-2.5-flash", prompt: ["first prompt", "second prompt"] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain("Invalid value at 'contents'");
    expect(upstreamCalls()).toHaveLength(2);
    expect(stack.gateway.pool.inFlightCount()).toBe(0);
  });

  it("with reasoning on, the thoughts never reach text (JSON and stream)", async () => {
    // reasoning_effort is not a legacy Completions field; agate accepts it as in chat.
    const body: CompletionCreateParamsNonStreaming & { reasoning_effort: "high" } = {
      model: "gemini-2.5-flash",
      prompt: "think about this",
      reasoning_effort: "high",
    };
    const data = await client.completions.create(body);
    expect(firstUpstreamBody().generationConfig?.thinkingConfig).toMatchObject({ includeThoughts: true });
    expect(data.choices[0]?.text).toContain("You said: think about this");
    expect(data.choices[0]?.text).not.toContain("I will greet them");
    expect(data.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
    const stream = await client.completions.create({ ...body, stream: true });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? "";
    expect(text).toContain("You said: think about this");
    expect(text).not.toContain("I will greet them");
  });

  it.each([
    ["suffix", { suffix: "}" }],
    ["echo", { echo: true }],
    ["best_of", { best_of: 3 }],
    ["logit_bias", { logit_bias: { "50256": -100 } }],
  ])("%s → a BadRequestError naming it, before any upstream call", async (param, extra) => {
    const error = await client.completions
      .create({ model: "gemini-2.5-flash", prompt: "x", ...extra })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe(param);
    expect(upstreamCalls()).toHaveLength(0);
  });

  it("logprobs: 2 → each token with its log probability, two alternatives and its offset (JSON and stream)", async () => {
    const whole = await client.completions.create({
      model: "gpt-3.5-turbo-instruct",
      prompt: "hi there",
      logprobs: 2,
    });
    const choice = whole.choices[0];
    const logprobs = choice?.logprobs;
    expect(logprobs?.tokens?.join("")).toBe(choice?.text);
    expect(logprobs?.token_logprobs?.every((value) => value <= 0)).toBe(true);
    expect(logprobs?.top_logprobs?.every((top) => Object.keys(top).length === 2)).toBe(true);
    expect(logprobs?.text_offset?.[1]).toBe(logprobs?.tokens?.[0]?.length);
    expect(firstUpstreamBody().generationConfig).toMatchObject({ responseLogprobs: true, logprobs: 2 });
    const stream = await client.completions.create({
      model: "gpt-3.5-turbo-instruct",
      prompt: "hi there",
      logprobs: 0,
      stream: true,
    });
    let text = "";
    const tokens: string[] = [];
    for await (const chunk of stream) {
      text += chunk.choices[0]?.text ?? "";
      tokens.push(...(chunk.choices[0]?.logprobs?.tokens ?? []));
    }
    expect(tokens.join("")).toBe(text);
  });

  it("token-id prompts → a BadRequestError naming prompt", async () => {
    const error = await client.completions
      .create({ model: "gemini-2.5-flash", prompt: [1, 2, 3] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("prompt");
  });

  it("a stream that dies midway ends with an error frame the SDK raises, never a silent cut", async () => {
    stack.simulator.script({
      match: { stream: true },
      forever: true,
      respond: { fault: "cut", afterChunks: 2 },
    });
    const stream = await client.completions.create({
      model: "gemini-2.5-flash",
      prompt: "a long answer with many words in it",
      stream: true,
    });
    const seen: string[] = [];
    const failure = await (async () => {
      for await (const chunk of stream) seen.push(chunk.choices[0]?.text ?? "");
    })().catch((error: unknown) => error);
    expect(seen.join("")).not.toBe("");
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(stack.gateway.pool.inFlightCount()).toBe(0);
  });
});
