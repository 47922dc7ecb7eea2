import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { chatBodies, type FakeOpenAI, startFakeOpenAI } from "./fake-openai-server.js";
import { askFails, type PoolStack, startPoolStack, statusOf } from "./support.js";

/**
 * What OpenAI's own API does that a second agate does not: reasoning models that refuse `max_tokens`, a 429
 * for credit that is gone, its models' owners, its 400s naming the parameter. A fake plays it (fake-openai-server.ts).
 */
let fake: FakeOpenAI | undefined;
let stack: PoolStack | undefined;
afterEach(async () => {
  await stack?.close();
  await fake?.close();
  stack = undefined;
  fake = undefined;
});

async function start(accounts: Record<string, unknown>[] = [{}]) {
  fake = await startFakeOpenAI();
  const url = fake.url;
  stack = await startPoolStack({
    accounts: accounts.map((extra, index) => ({
      kind: "openai",
      label: `oa-${index + 1}`,
      base_url: url,
      api_key: `sk-account-secret-${index + 1}`,
      models: ["gpt-5"],
      ...extra,
    })),
    // The built-in aliases send OpenAI's names to Gemini models; a pool of OpenAI accounts goes without them.
    config: { model_aliases: {} },
  });
  return { fake, stack };
}

const quotaGone = {
  status: 429,
  body: {
    error: {
      message: "You exceeded your current quota, please check your plan and billing details.",
      type: "insufficient_quota",
      param: null,
      code: "insufficient_quota",
    },
  },
};

describe("the output limit's name upstream", () => {
  it("max_tokens from the client goes as max_tokens (servers that know no other take it)", async () => {
    const { fake, stack } = await start();
    await stack.client.chat.completions.create({
      model: "gpt-5",
      max_tokens: 40,
      messages: [{ role: "user", content: "hi" }],
    });
    const body = chatBodies(fake).at(-1);
    expect(body?.max_tokens).toBe(40);
    expect(body).not.toHaveProperty("max_completion_tokens");
  });

  it("max_completion_tokens from the client goes as max_completion_tokens (reasoning models refuse max_tokens)", async () => {
    const { fake, stack } = await start();
    await stack.client.chat.completions.create({
      model: "gpt-5",
      max_completion_tokens: 41,
      messages: [{ role: "user", content: "hi" }],
    });
    const body = chatBodies(fake).at(-1);
    expect(body?.max_completion_tokens).toBe(41);
    expect(body).not.toHaveProperty("max_tokens");
  });

  it("Responses' max_output_tokens goes as max_completion_tokens; legacy Completions' max_tokens as max_tokens", async () => {
    const { fake, stack } = await start();
    await stack.client.responses.create({ model: "gpt-5", input: "hi", max_output_tokens: 42 });
    expect(chatBodies(fake).at(-1)).toMatchObject({ max_completion_tokens: 42 });
    expect(chatBodies(fake).at(-1)).not.toHaveProperty("max_tokens");
    await stack.client.completions.create({ model: "gpt-5", prompt: "hi", max_tokens: 43 });
    expect(chatBodies(fake).at(-1)).toMatchObject({ max_tokens: 43 });
    expect(chatBodies(fake).at(-1)).not.toHaveProperty("max_completion_tokens");
  });
});

describe("an OpenAI 429 insufficient_quota (the account's credit is gone)", () => {
  it("rests the whole account for an hour as quota exhausted, and another account answers", async () => {
    const { fake, stack } = await start([{}, {}]);
    fake.replies.push(quotaGone);
    const { response } = await stack.client.chat.completions
      .create({ model: "gpt-5", messages: [{ role: "user", content: "hi" }] })
      .withResponse();
    expect(response.headers.get("x-agate-attempts")).toBe("2");
    const served = response.headers.get("x-account-email");
    const spent = served === "oa-1" ? "oa-2" : "oa-1";
    expect(statusOf(stack, spent).cooldowns).toEqual([
      { model: "", until: stack.clock.now + 3_600_000, reason: "quota-exhausted" },
    ]);
  });

  it("with no other account: a 429 insufficient_quota the SDK does not retry", async () => {
    const { fake, stack } = await start();
    fake.replies.push(quotaGone);
    const error = await askFails(stack, "hi", "gpt-5");
    expect(error.status).toBe(429);
    expect(error.code).toBe("insufficient_quota");
    expect(error.headers?.get("retry-after")).toBe("3600");
    expect(error.headers?.get("x-should-retry")).toBe("false");
  });
});

describe("an OpenAI-compatible server's 400", () => {
  it("keeps the upstream's param and code", async () => {
    const { fake, stack } = await start();
    fake.replies.push({
      status: 400,
      body: {
        error: {
          message: "Unsupported value: 'temperature' does not support 0.2 with this model.",
          type: "invalid_request_error",
          param: "temperature",
          code: "unsupported_value",
        },
      },
    });
    const error = await stack.client.chat.completions
      .create({ model: "gpt-5", temperature: 0.2, messages: [{ role: "user", content: "hi" }] })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const refused = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(refused.param).toBe("temperature");
    expect(refused.code).toBe("unsupported_value");
    expect(refused.message).toContain("does not support 0.2");
  });

  it("never passes a secret on in them; without them, agate's own code", async () => {
    const { fake, stack } = await start();
    fake.replies.push({
      status: 400,
      body: { error: { message: "bad", param: "key sk-account-secret-1", code: "sk-account-secret-1" } },
    });
    const quoting = await askFails(stack, "hi", "gpt-5");
    expect(JSON.stringify(quoting.error)).not.toContain("sk-account-secret-1");
    fake.replies.push({ status: 400, body: { error: { message: "bad" } } });
    const plain = await askFails(stack, "hi", "gpt-5");
    expect(plain.code).toBe("upstream_invalid_request");
    expect(plain.param).toBeNull();
  });
});

describe("GET /v1/models in a pool with an OpenAI-compatible account", () => {
  const owners = async (client: OpenAI) => {
    const found: Record<string, string> = {};
    for await (const model of client.models.list()) found[model.id] = model.owned_by;
    return found;
  };

  it("a model only the server lists has the server's owned_by, else 'openai'; a model Gemini serves is Google's", async () => {
    fake = await startFakeOpenAI();
    fake.models.push(
      { id: "gpt-5", owned_by: "system" },
      { id: "llama3.1:8b" },
      { id: "gemini-2.5-flash", owned_by: "someone" },
    );
    stack = await startPoolStack({
      accounts: [
        { kind: "gemini", label: "gem", api_key: "key-1" },
        { kind: "openai", label: "listed", base_url: fake.url, api_key: "sk-a" },
        { kind: "openai", label: "configured", base_url: fake.url, api_key: "sk-b", models: ["my-local"] },
      ],
    });
    const found = await owners(stack.client);
    expect(found["gpt-5"]).toBe("system");
    expect(found["llama3.1:8b"]).toBe("openai");
    expect(found["my-local"]).toBe("openai");
    expect(found["gemini-2.5-flash"]).toBe("google");
  });
});
