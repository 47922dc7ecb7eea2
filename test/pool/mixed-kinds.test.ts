import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { faults, skipSignatureSentinel } from "../../src/simulator/index.js";
import { startMixedStacks } from "./mixed-stacks.js";
import { generations, type PoolStack } from "./support.js";

/** A pool that mixes account kinds (mixed-stacks.ts), closed after each test. */
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function startMixed(compat: Record<string, unknown> = {}) {
  const stacks = await startMixedStacks(compat);
  close = stacks.close;
  return stacks;
}

describe("a setting Gemini refuses, in a pool with an OpenAI-compatible account", () => {
  it("presence_penalty on Gemini 3 is served by the account whose upstream takes it, not refused by the first pick", async () => {
    const { back, front } = await startMixed();
    // gemini-2.0-flash is shut down, and so not listed by the simulator; a scripted answer stands in for it.
    back.simulator.script({ respond: { reply: { text: "Plainly." } } });
    const { data, response } = await front.client.chat.completions
      .create({
        model: "gemini-3-flash-preview",
        presence_penalty: 0.5,
        messages: [{ role: "user", content: "two ways" }],
      })
      .withResponse();
    expect(data.choices.map((choice) => choice.index)).toEqual([0]);
    expect(response.headers.get("x-account-email")).toBe("compat");
    expect(response.headers.get("x-agate-attempts")).toBe("1");
    expect(response.headers.get("x-mapped-model")).toBe("gemini-3-flash-preview");
    // Neither Gemini account was called; the compatible server got the penalty.
    expect(generations(front.simulator)).toEqual([]);
    expect(generations(back.simulator).at(-1)?.body).toMatchObject({
      generationConfig: { presencePenalty: 0.5 },
    });
  });
});

describe("model routing by each account's model list", () => {
  const ask = (stack: PoolStack, model: string, text: string) =>
    stack.client.chat.completions
      .create({ model, messages: [{ role: "user", content: text }] })
      .withResponse()
      .then(({ response }) => response.headers.get("x-account-email"));

  it("a model only the OpenAI-compatible account lists (its configured models) goes to it, from the first request", async () => {
    const { front } = await startMixed({ models: ["local-llama"] });
    for (const text of ["one", "two", "three"]) expect(await ask(front, "local-llama", text)).toBe("compat");
    expect(generations(front.simulator)).toEqual([]);
  });

  it("a model only the OpenAI-compatible server lists (its GET /models) goes to it", async () => {
    const { front } = await startMixed();
    for (const text of ["one", "two", "three"]) expect(await ask(front, "local-llama", text)).toBe("compat");
    expect(generations(front.simulator)).toEqual([]);
  });

  it("a Gemini model the compatible account does not list stays on the Gemini kinds", async () => {
    const { back, front } = await startMixed({ models: ["local-llama"] });
    for (const text of ["one", "two", "three"])
      expect(["gem", "cc@example.com"]).toContain(await ask(front, "gemini-2.5-pro", text));
    expect(generations(back.simulator)).toEqual([]);
  });

  it("a setting Gemini refuses, with no account whose upstream takes it for the model: agate's 400 naming it", async () => {
    const { front } = await startMixed({ models: ["local-llama"] });
    const error = await front.client.chat.completions
      .create({
        model: "gemini-3-flash-preview",
        presence_penalty: 0.5,
        messages: [{ role: "user", content: "two ways" }],
      })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("presence_penalty");
    expect(generations(front.simulator)).toEqual([]);
  });
});

describe("the Responses code_interpreter tool in a pool with an OpenAI-compatible account", () => {
  const codeInterpreter = { type: "code_interpreter" as const, container: { type: "auto" as const } };

  it("a model only the compatible account serves: a 400 naming tools, not an answer that ran no code", async () => {
    const { back, front } = await startMixed({ models: ["local-llama"] });
    const error = await front.client.responses
      .create({ model: "local-llama", tools: [codeInterpreter], input: "What is 6 * 7?" })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("tools");
    expect((error as Error).message).toMatch(/code_interpreter/);
    expect(generations(back.simulator)).toEqual([]);
    // Without the tool the same model answers.
    const plain = await front.client.responses.create({ model: "local-llama", input: "What is 6 * 7?" });
    expect(plain.status).toBe("completed");
  });

  it("a model the Gemini accounts serve too: they run the code, the compatible account is passed over", async () => {
    const { back, front } = await startMixed();
    for (const question of ["What is 6 * 7?", "What is 7 * 8?", "What is 8 * 9?"]) {
      const { data, response } = await front.client.responses
        .create({ model: "gemini-2.5-flash", tools: [codeInterpreter], input: question })
        .withResponse();
      expect(response.headers.get("x-account-email")).not.toBe("compat");
      expect(data.output.map((item) => item.type)).toContain("code_interpreter_call");
    }
    expect(generations(back.simulator)).toEqual([]);
  });
});

describe("a Gemini 3 conversation that moves to the OpenAI-compatible account and back", () => {
  type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;
  const tools = [
    {
      type: "function" as const,
      function: { name: "lookup", parameters: { type: "object", properties: { step: { type: "number" } } } },
    },
  ];
  const model = "gemini-3-pro-preview";
  const functionCallParts = (body: unknown) =>
    ((body as { contents?: { role: string; parts: Record<string, unknown>[] }[] }).contents ?? [])
      .filter((content) => content.role === "model")
      .map((content) => content.parts.find((part) => part.functionCall !== undefined)?.thoughtSignature);

  it("the signature stays Gemini's: the compatible server gets plain ids, Gemini gets its signature back", async () => {
    const { back, front } = await startMixed();
    const ask = (messages: Message[]) =>
      front.client.chat.completions.create({ model, tools, messages }).withResponse();
    // 1. A Gemini account answers with a signed call.
    front.simulator.script({
      respond: { reply: { signature: true, functionCalls: [{ name: "lookup", args: { step: 1 } }] } },
    });
    const first = await ask([{ role: "user", content: "go" }]);
    const firstCall = first.data.choices[0]?.message.tool_calls?.[0];
    expect(first.response.headers.get("x-account-email")).not.toBe("compat");
    expect(firstCall?.id).toContain("__ts_");
    const history: Message[] = [
      { role: "user", content: "go" },
      first.data.choices[0]?.message as Message,
      { role: "tool", tool_call_id: firstCall?.id ?? "", content: "one" },
    ];
    // 2. Both Gemini accounts are rate limited: the compatible server answers, with a plain call id.
    front.simulator.script({ times: 2, respond: faults.rateLimitPerMinute("1s") });
    back.simulator.script({ respond: { reply: { functionCalls: [{ name: "lookup", args: { step: 2 } }] } } });
    const second = await ask(history);
    expect(second.response.headers.get("x-account-email")).toBe("compat");
    expect(second.response.headers.get("x-agate-attempts")).toBe("3");
    // The server had no use for the signature (another upstream's): the call went as its own id.
    expect(functionCallParts(generations(back.simulator).at(-1)?.body)).toEqual([skipSignatureSentinel]);
    const secondCall = second.data.choices[0]?.message.tool_calls?.[0];
    history.push(second.data.choices[0]?.message as Message, {
      role: "tool",
      tool_call_id: secondCall?.id ?? "",
      content: "two",
    });
    // 3. The Gemini accounts have rested, the compatible server is rate limited: back to Gemini, which gets its
    // own signature back on the call it signed.
    front.clock.now += 2_000;
    back.simulator.script({ respond: faults.rateLimitPerMinute("30s") });
    const third = await ask(history);
    expect(third.response.headers.get("x-account-email")).not.toBe("compat");
    expect(third.data.choices[0]?.message.content).toEqual(expect.any(String));
    const [signature] = functionCallParts(generations(front.simulator).at(-1)?.body);
    expect(signature).toEqual(expect.any(String));
    expect(signature).not.toBe(skipSignatureSentinel);
  });
});

describe("failover across kinds (contract §6)", () => {
  it("Gemini accounts overloaded: the compatible server answers, and the headers say so", async () => {
    const { front } = await startMixed();
    front.simulator.script({ forever: true, respond: faults.overloaded() });
    const { data, response } = await front.client.chat.completions
      .create({ model: "gemini-2.5-flash", messages: [{ role: "user", content: "anyone?" }] })
      .withResponse();
    expect(data.choices[0]?.message.content).toContain("You said: anyone?");
    expect(response.headers.get("x-account-email")).toBe("compat");
    expect(response.headers.get("x-agate-attempts")).toBe("3");
    expect(response.headers.get("x-mapped-model")).toBe("gemini-2.5-flash");
  });

  it("the compatible server rate limited: a Gemini account answers, the server rests for the model", async () => {
    const { back, front } = await startMixed({ models: ["gemini-2.5-flash"] });
    back.simulator.script({ forever: true, respond: faults.rateLimitPerMinute("30s") });
    const served: (string | null)[] = [];
    for (const text of ["one", "two", "three"]) {
      const { response } = await front.client.chat.completions
        .create({ model: "gemini-2.5-flash", messages: [{ role: "user", content: text }] })
        .withResponse();
      served.push(response.headers.get("x-account-email"));
    }
    expect(served).not.toContain("compat");
    // The least recently used account goes next: the third request tried the server first, then a Gemini one.
    expect(generations(back.simulator)).toHaveLength(1);
    const compat = front.gateway.pool.status().find((account) => account.label === "compat");
    expect(compat?.cooldowns).toMatchObject([{ model: "gemini-2.5-flash", reason: "rate-limit" }]);
  });

  it("a stream the compatible server breaks after its first words: one error frame, then the end", async () => {
    const { back, front } = await startMixed({ models: ["local-llama"] });
    back.simulator.script({ respond: { fault: "stream-error", afterChunks: 1 } });
    const { data: stream, response } = await front.client.chat.completions
      .create({
        model: "local-llama",
        stream: true,
        messages: [{ role: "user", content: "a long answer, please, of many words" }],
      })
      .withResponse();
    expect(response.headers.get("x-account-email")).toBe("compat");
    let text = "";
    const failure = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    })().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(text).not.toBe("");
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({
      type: "server_error",
      code: "bad_upstream_response",
    });
  });
});
