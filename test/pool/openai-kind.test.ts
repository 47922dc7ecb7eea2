import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { faults } from "../../src/simulator/index.js";
import { geminiAccounts, type PoolStack, startPoolStack } from "./support.js";

/**
 * An OpenAI-compatible upstream is needed: a second agate (with a Gemini account on the simulator) is one.
 * The front agate has one `openai` account pointing at it, with the key the back agate demands.
 */
let back: PoolStack;
let front: PoolStack;
beforeAll(async () => {
  back = await startPoolStack({
    accounts: geminiAccounts(1),
    config: { auth_mode: "strict", api_keys: ["upstream-secret"] },
  });
  front = await startPoolStack({
    simulator: back.simulator,
    accounts: [{ kind: "openai", label: "compat", base_url: `${back.url}/v1`, api_key: "upstream-secret" }],
    config: { model_mapping: { "my-model": "gemini-2.5-pro" } },
  });
});
afterAll(async () => {
  await front.close();
  await back.close();
});

const chatRequests = () =>
  back.simulator.requests.filter((request) => request.path.includes("generateContent"));

describe("the openai account kind: pass-through to an OpenAI-compatible server", () => {
  it("passes a request through with the mapped model and the account's key", async () => {
    const { data, response } = await front.client.chat.completions
      .create({
        model: "my-model",
        messages: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "through two hops" },
        ],
      })
      .withResponse();
    expect(data.model).toBe("my-model");
    expect(data.choices[0]?.message.content).toContain("You said: through two hops");
    expect(data.usage?.total_tokens).toBeGreaterThan(0);
    expect(response.headers.get("x-account-email")).toBe("compat");
    expect(response.headers.get("x-mapped-model")).toBe("gemini-2.5-pro");
    const upstream = chatRequests().at(-1);
    expect(upstream?.path).toBe("/v1beta/models/gemini-2.5-pro:generateContent");
    expect(upstream?.body).toMatchObject({ systemInstruction: { parts: [{ text: "Be brief." }] } });
  });

  it("streams through", async () => {
    const stream = await front.client.chat.completions.create({
      model: "gemini-2.5-flash",
      messages: [{ role: "user", content: "stream across" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let usage = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      usage = chunk.usage?.total_tokens ?? usage;
    }
    expect(text).toContain("You said: stream across");
    expect(usage).toBeGreaterThan(0);
  });

  it("tool calls come back as tool calls", async () => {
    back.simulator.script({
      respond: { reply: { functionCalls: [{ name: "weather", args: { city: "Oslo" } }] } },
    });
    const completion = await front.client.chat.completions.create({
      model: "gemini-2.5-flash",
      messages: [{ role: "user", content: "weather in Oslo?" }],
      tools: [
        {
          type: "function",
          function: {
            name: "weather",
            parameters: { type: "object", properties: { city: { type: "string" } } },
          },
        },
      ],
    });
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(completion.choices[0]?.finish_reason).toBe("tool_calls");
    expect(call?.type === "function" ? JSON.parse(call.function.arguments) : undefined).toEqual({
      city: "Oslo",
    });
  });

  it("the server's 400 comes back with the parameter it named", async () => {
    // The back agate refuses a penalty on Gemini 3 itself, naming it.
    const error = await front.client.chat.completions
      .create({
        model: "gemini-3-flash-preview",
        presence_penalty: 1,
        messages: [{ role: "user", content: "x" }],
      })
      .catch((caught: unknown) => caught as { status?: number; param?: string | null });
    expect(error).toMatchObject({ status: 400, param: "presence_penalty" });
  });

  it("lists the server's models", async () => {
    const models = [];
    for await (const model of front.client.models.list()) models.push(model.id);
    expect(models).toContain("gemini-2.5-pro");
  });

  it("the server's 429 is handled by the same pool rules", async () => {
    back.simulator.script({ forever: true, respond: faults.rateLimitPerMinute("30s") });
    try {
      const error = await front.client.chat.completions
        .create({ model: "gemini-2.5-flash-lite", messages: [{ role: "user", content: "x" }] })
        .catch((caught: unknown) => caught as { status?: number });
      expect(error).toMatchObject({ status: 429 });
      const cooling = front.gateway.pool.status()[0]?.cooldowns[0];
      expect(cooling).toMatchObject({ model: "gemini-2.5-flash-lite", reason: "rate-limit" });
    } finally {
      back.simulator.reset();
    }
  });
});
