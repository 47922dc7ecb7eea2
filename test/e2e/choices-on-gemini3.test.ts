import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { signatureFromId } from "../../src/hub/tool-call-id.js";
import { waitUntil } from "../helpers/wait-until.js";
import { geminiAccounts, generations, type PoolStack, startPoolStack } from "../pool/support.js";

/**
 * `n` on Gemini 3, which gives one candidate per call (the simulator, as Gemini, refuses candidateCount > 1
 * on gemini-3*): agate makes one upstream call per choice on the account it chose, at once, and answers
 * them as choices 0..n-1, streamed or not, for chat and legacy completions. The built-in aliases send
 * `gpt-4o` to gemini-3.5-flash, so this is what an OpenAI client asking `gpt-4o` with `n` meets.
 */

let stack: PoolStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const question = [{ role: "user" as const, content: "Name a colour." }];

/** What each upstream generation call asked for: its path and its generationConfig. */
const sentCalls = (current: PoolStack) =>
  generations(current.simulator).map((call) => ({
    path: call.path,
    config: (call.body as { generationConfig?: Record<string, unknown> } | undefined)?.generationConfig,
  }));

describe("chat n > 1 on a Gemini 3 model (through the gpt-4o alias)", () => {
  it("not streamed: three choices 0, 1, 2 from three calls of one candidate each; usage summed", async () => {
    stack = await startPoolStack({ accounts: geminiAccounts(1) });
    const single = await stack.client.chat.completions.create({ model: "gpt-4o", messages: question });
    stack.simulator.reset();
    for (const colour of ["red", "green", "blue"])
      stack.simulator.script({ respond: { reply: { text: colour } } });
    const { data, response } = await stack.client.chat.completions
      .create({ model: "gpt-4o", messages: question, n: 3, temperature: 0.9 })
      .withResponse();
    expect(response.headers.get("x-mapped-model")).toBe("gemini-3.5-flash");
    expect(response.headers.get("x-agate-attempts")).toBe("1");
    expect(data.choices.map((choice) => choice.index)).toEqual([0, 1, 2]);
    expect(data.choices.map((choice) => choice.message.content).sort()).toEqual(["blue", "green", "red"]);
    expect(data.choices.map((choice) => choice.finish_reason)).toEqual(["stop", "stop", "stop"]);
    expect(sentCalls(stack)).toEqual(
      Array.from({ length: 3 }, () => ({
        path: "/v1beta/models/gemini-3.5-flash:generateContent",
        config: { temperature: 0.9 },
      })),
    );
    // Each call read the prompt: the usage is what the three calls spent together.
    const promptTokens = single.usage?.prompt_tokens ?? 0;
    expect(promptTokens).toBeGreaterThan(0);
    expect(data.usage?.prompt_tokens).toBe(3 * promptTokens);
    expect(data.usage?.total_tokens).toBe(
      (data.usage?.prompt_tokens ?? 0) + (data.usage?.completion_tokens ?? 0),
    );
  });

  it("streamed: chunks of choices 0, 1, 2 interleaved (no choice waits for choice 0 to end), then the summed usage", async () => {
    stack = await startPoolStack({ accounts: geminiAccounts(1) });
    const words = Array.from({ length: 12 }, (_, index) => `word${index}`).join(" ");
    stack.simulator.script({ forever: true, chunkDelayMs: 15, respond: { reply: { text: words } } });
    const stream = await stack.client.chat.completions.create({
      model: "gpt-4o",
      messages: question,
      n: 3,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const choiceChunks = chunks.flatMap((chunk) => chunk.choices);
    const texts = ["", "", ""];
    for (const choice of choiceChunks) texts[choice.index] += choice.delta.content ?? "";
    expect(texts).toEqual([words, words, words]);
    for (const index of [0, 1, 2]) {
      const own = choiceChunks.filter((choice) => choice.index === index);
      expect(own[0]?.delta.role, `choice ${index}`).toBe("assistant");
      expect(own.filter((choice) => choice.finish_reason !== null).map((c) => c.finish_reason)).toEqual([
        "stop",
      ]);
    }
    const firstFinish = choiceChunks.findIndex((choice) => choice.finish_reason !== null);
    const before = new Set(
      choiceChunks.slice(0, firstFinish).flatMap((choice) => (choice.delta.content ? [choice.index] : [])),
    );
    expect([...before].sort()).toEqual([0, 1, 2]);
    // Not one choice after the other: choice 2 writes before choice 0's last word.
    const lastOfFirst = choiceChunks.findLastIndex((choice) => choice.index === 0 && choice.delta.content);
    const firstOfThird = choiceChunks.findIndex((choice) => choice.index === 2 && choice.delta.content);
    expect(firstOfThird).toBeLessThan(lastOfFirst);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.completion_tokens).toBeGreaterThan(0);
    expect(sentCalls(stack).map((call) => [call.path, call.config?.candidateCount])).toEqual(
      Array.from({ length: 3 }, () => ["/v1beta/models/gemini-3.5-flash:streamGenerateContent", undefined]),
    );
  });

  it("tool calls in several choices: distinct ids, each carrying its signature, and a choice's call replays", async () => {
    stack = await startPoolStack({ accounts: geminiAccounts(1) });
    const tools: OpenAI.Chat.ChatCompletionTool[] = [
      {
        type: "function",
        function: {
          name: "pick_colour",
          parameters: { type: "object", properties: { colour: { type: "string" } }, required: ["colour"] },
        },
      },
    ];
    for (const stream of [false, true]) {
      const request = {
        model: "gemini-3.1-pro-preview",
        messages: question,
        tools,
        tool_choice: "required" as const,
        n: 2,
      };
      const calls: { id: string; name: string; arguments: string }[][] = [[], []];
      if (stream) {
        for await (const chunk of await stack.client.chat.completions.create({ ...request, stream })) {
          for (const choice of chunk.choices) {
            for (const delta of choice.delta.tool_calls ?? []) {
              const own = calls[choice.index] ?? [];
              if (delta.id !== undefined)
                own.push({ id: delta.id, name: delta.function?.name ?? "", arguments: "" });
              const current = own.at(-1);
              if (current !== undefined) current.arguments += delta.function?.arguments ?? "";
            }
          }
        }
      } else {
        const answer = await stack.client.chat.completions.create(request);
        expect(answer.choices.map((choice) => choice.finish_reason)).toEqual(["tool_calls", "tool_calls"]);
        for (const choice of answer.choices) {
          for (const call of choice.message.tool_calls ?? []) {
            if (call.type === "function") calls[choice.index]?.push({ id: call.id, ...call.function });
          }
        }
      }
      const ids = calls.flatMap((own) => own.map((call) => call.id));
      expect(ids, `stream: ${stream}`).toHaveLength(2);
      expect(new Set(ids).size).toBe(2);
      for (const id of ids) expect(signatureFromId(id)).toBeTruthy();
      // The second choice's call, answered: Gemini 3 takes it back only with its own signature.
      const chosen = calls[1]?.[0];
      if (chosen === undefined) throw new Error("choice 1 made no call");
      const followUp = await stack.client.chat.completions.create({
        model: "gemini-3.1-pro-preview",
        messages: [
          ...question,
          {
            role: "assistant",
            content: null,
            tool_calls: [
              {
                id: chosen.id,
                type: "function",
                function: { name: chosen.name, arguments: chosen.arguments },
              },
            ],
          },
          { role: "tool", tool_call_id: chosen.id, content: "teal" },
        ],
        tools,
      });
      expect(followUp.choices[0]?.finish_reason).toBe("stop");
    }
  });

  it("one call refused before any output (429): the whole answer moves to another account, every choice again", async () => {
    stack = await startPoolStack({ accounts: geminiAccounts(2) });
    stack.simulator.script({ respond: { error: { status: 429 } } });
    const { data, response } = await stack.client.chat.completions
      .create({ model: "gpt-4o", messages: question, n: 3 })
      .withResponse();
    expect(data.choices.map((choice) => choice.index)).toEqual([0, 1, 2]);
    expect(response.headers.get("x-agate-attempts")).toBe("2");
    const keys = generations(stack.simulator).map((call) => call.headers["x-goog-api-key"]);
    expect(keys).toHaveLength(6);
    // The first account's three calls (one refused), then the other account's three.
    const served = response.headers.get("x-account-email") === "acct-1" ? "key-1" : "key-2";
    expect(new Set(keys.slice(0, 3)).has(served)).toBe(false);
    expect(keys.slice(3)).toEqual([served, served, served]);
  });

  it("a client that goes away mid-stream aborts all n upstream calls and frees the account", async () => {
    stack = await startPoolStack({ accounts: geminiAccounts(1) });
    const words = Array.from({ length: 40 }, (_, index) => `word${index}`).join(" ");
    stack.simulator.script({ forever: true, chunkDelayMs: 50, respond: { reply: { text: words } } });
    const stream = await stack.client.chat.completions.create({
      model: "gpt-4o",
      messages: question,
      n: 3,
      stream: true,
    });
    for await (const _chunk of stream) break;
    const current = stack;
    await waitUntil("every upstream call closed", () =>
      generations(current.simulator).every((call) => call.closedAt !== undefined),
    );
    const calls = generations(current.simulator);
    expect(calls).toHaveLength(3);
    expect(calls.map((call) => call.finished)).toEqual([false, false, false]);
    await waitUntil("the account freed", () => current.gateway.pool.inFlightCount() === 0);
    // The SDK's fetch leaves a spare socket that never sent a byte, which the test stack's close would wait
    // for (`agate serve` ends such sockets when it stops: server/unused-connections.ts).
    current.gateway.app.server.closeAllConnections();
  });

  it("a Cloud Code account: the same, one v1internal call per choice", async () => {
    stack = await startPoolStack({
      accounts: [{ kind: "cloudcode", label: "alpha@cc", refresh_token: "sim-refresh-alpha" }],
    });
    const answer = await stack.client.chat.completions.create({
      model: "gemini-3-pro-preview",
      messages: question,
      n: 2,
    });
    expect(answer.choices.map((choice) => choice.index)).toEqual([0, 1]);
    expect(answer.choices.every((choice) => (choice.message.content ?? "").length > 0)).toBe(true);
    expect(generations(stack.simulator).map((call) => call.path)).toEqual([
      "/v1internal:generateContent",
      "/v1internal:generateContent",
    ]);
  });

  it("n above 8: a 400 naming n that says the limit; nothing sent upstream", async () => {
    stack = await startPoolStack({ accounts: geminiAccounts(1) });
    const outcome = await stack.client.chat.completions
      .create({ model: "gpt-4o", messages: question, n: 9 })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    if (!(outcome instanceof OpenAI.APIError))
      throw new Error(`expected an API error, got ${String(outcome)}`);
    expect(outcome.status).toBe(400);
    expect(outcome.error).toMatchObject({ param: "n", message: expect.stringContaining("at most 8") });
    expect(generations(stack.simulator)).toEqual([]);
  });
});

describe("legacy completions n > 1 on a Gemini 3 model", () => {
  it.each([false, true])(
    "n: 2 and two prompts (stream: %s): choices 0..3 numbered prompt × n + choice",
    async (stream) => {
      stack = await startPoolStack({ accounts: geminiAccounts(1) });
      const request = { model: "gpt-4o", prompt: ["apples", "pears"], n: 2 };
      const texts = ["", "", "", ""];
      const finishes: (string | null)[][] = [[], [], [], []];
      if (stream) {
        for await (const chunk of await stack.client.completions.create({ ...request, stream: true })) {
          for (const choice of chunk.choices) {
            texts[choice.index] += choice.text;
            if (choice.finish_reason !== null) finishes[choice.index]?.push(choice.finish_reason);
          }
        }
      } else {
        const answer = await stack.client.completions.create(request);
        expect(answer.choices.map((choice) => choice.index)).toEqual([0, 1, 2, 3]);
        for (const choice of answer.choices) {
          texts[choice.index] = choice.text;
          finishes[choice.index]?.push(choice.finish_reason);
        }
      }
      expect(texts.map((text) => text.endsWith("You said: apples"))).toEqual([true, true, false, false]);
      expect(texts.map((text) => text.endsWith("You said: pears"))).toEqual([false, false, true, true]);
      expect(finishes).toEqual([["stop"], ["stop"], ["stop"], ["stop"]]);
      const calls = sentCalls(stack);
      expect(calls).toHaveLength(4);
      for (const call of calls) expect(call.config?.candidateCount).toBeUndefined();
    },
  );
});
