import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { geminiAccounts, generations, type PoolStack, startPoolStack, statusOf } from "../pool/support.js";

/**
 * Settings a Gemini family refuses (contract §5: a field whose meaning cannot be honoured is an error): a
 * non-zero presence or frequency penalty on Gemini 2.5 and 3. agate answers its own 400 naming the param
 * before any upstream call, on the account's kind of upstream alike, streamed or not; a zero penalty changes
 * nothing and is left out of the upstream request. (`n` > 1 on Gemini 3, which Gemini refuses too, is
 * answered with one call per choice: choices-on-gemini3.test.ts.)
 */

let stack: PoolStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const question = [{ role: "user" as const, content: "Capital of France?" }];

/** The API error an SDK call raised (fails the test when it succeeded). */
async function refusal(call: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof OpenAI.APIError)) throw new Error(`expected an API error, got ${String(outcome)}`);
  return outcome;
}

const sentConfig = (current: PoolStack) =>
  (generations(current.simulator).at(-1)?.body as { generationConfig?: Record<string, unknown> } | undefined)
    ?.generationConfig;

describe("penalties on a Gemini family that has none", () => {
  it("chat presence_penalty on gemini-2.5-flash: agate's 400 naming it, no upstream call, no retry, no cool-down", async () => {
    stack = await startPoolStack({ accounts: geminiAccounts(2) });
    const error = await refusal(
      stack.client.chat.completions.create({
        model: "gemini-2.5-flash",
        messages: question,
        presence_penalty: 0.5,
      }),
    );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.error).toEqual({
      message: expect.stringContaining("'presence_penalty'"),
      type: "invalid_request_error",
      param: "presence_penalty",
      code: "unsupported_value",
    });
    expect(error.message).toMatch(/gemini-2\.5-flash/);
    expect(error.message).toMatch(/omit it/i);
    expect(error.headers?.get("x-mapped-model")).toBe("gemini-2.5-flash");
    // No upstream attempt was made, on either account.
    expect(error.headers?.get("x-agate-attempts")).toBeNull();
    expect(error.headers?.get("x-account-email")).toBeNull();
    expect(generations(stack.simulator)).toEqual([]);
    for (const label of ["acct-1", "acct-2"]) expect(statusOf(stack, label).cooldowns).toEqual([]);
  });

  it("streamed frequency_penalty on gemini-3-pro-preview: a plain 400 before any byte, naming it", async () => {
    stack = await startPoolStack({ accounts: geminiAccounts(1) });
    const error = await refusal(
      stack.client.chat.completions.create({
        model: "gemini-3-pro-preview",
        messages: question,
        frequency_penalty: -1,
        stream: true,
      }),
    );
    expect(error.status).toBe(400);
    expect(error.headers?.get("content-type")).toMatch(/^application\/json/);
    expect(error.error).toMatchObject({ param: "frequency_penalty", code: "unsupported_value" });
    expect(error.headers?.get("x-mapped-model")).toBe("gemini-3-pro-preview");
    expect(generations(stack.simulator)).toEqual([]);
  });

  it("legacy completions through an alias (gpt-4o → gemini-3.5-flash): the same 400", async () => {
    stack = await startPoolStack({ accounts: geminiAccounts(1) });
    const error = await refusal(
      stack.client.completions.create({
        model: "gpt-4o",
        prompt: "Capital of France?",
        frequency_penalty: 0.2,
      }),
    );
    expect(error.error).toMatchObject({ param: "frequency_penalty", code: "unsupported_value" });
    expect(error.headers?.get("x-mapped-model")).toBe("gemini-3.5-flash");
    expect(generations(stack.simulator)).toEqual([]);
  });

  it("zero penalties change nothing: answered, and left out of the upstream request", async () => {
    stack = await startPoolStack({ accounts: geminiAccounts(1) });
    stack.simulator.script({ forever: true, respond: { reply: { text: "Paris." } } });
    const answer = await stack.client.chat.completions.create({
      model: "gemini-3-flash-preview",
      messages: question,
      presence_penalty: 0,
      frequency_penalty: 0,
      temperature: 0.3,
    });
    expect(answer.choices[0]?.message.content).toBe("Paris.");
    expect(sentConfig(stack)).toEqual({ temperature: 0.3 });
  });

  it("control: gemini-2.0-flash has penalties, and a name agate does not know keeps them too", async () => {
    stack = await startPoolStack({ accounts: geminiAccounts(1) });
    stack.simulator.script({ forever: true, respond: { reply: { text: "Paris." } } });
    for (const model of ["gemini-2.0-flash", "my-tuned-model"]) {
      const answer = await stack.client.chat.completions.create({
        model,
        messages: question,
        presence_penalty: 0.5,
        frequency_penalty: 0.25,
      });
      expect(answer.choices[0]?.message.content).toBe("Paris.");
      expect(sentConfig(stack)).toEqual({ presencePenalty: 0.5, frequencyPenalty: 0.25 });
    }
  });
});

describe("a Cloud Code account (the same Gemini request inside the envelope)", () => {
  const cloudcode = { kind: "cloudcode", label: "alpha@cc", refresh_token: "sim-refresh-alpha" };

  it("presence_penalty on gemini-2.5-pro: agate's 400, nothing sent upstream", async () => {
    stack = await startPoolStack({ accounts: [cloudcode] });
    const penalty = await refusal(
      stack.client.chat.completions.create({
        model: "gemini-2.5-pro",
        messages: question,
        presence_penalty: 1,
      }),
    );
    expect(penalty.error).toMatchObject({ param: "presence_penalty", code: "unsupported_value" });
    expect(generations(stack.simulator)).toEqual([]);
    expect(statusOf(stack, "alpha@cc").cooldowns).toEqual([]);
  });
});

describe("a mixed pool: a Gemini account and an OpenAI-compatible one", () => {
  let back: PoolStack | undefined;
  afterEach(async () => {
    await back?.close();
    back = undefined;
  });

  it("presence_penalty on gemini-2.5-flash is served by the OpenAI-compatible account, not refused by the Gemini one's rules", async () => {
    // The OpenAI-compatible server (a second agate) serves the name with a model that has penalties.
    back = await startPoolStack({
      accounts: geminiAccounts(1),
      config: { model_mapping: { "gemini-2.5-flash": "gemini-2.0-flash" } },
    });
    back.simulator.script({ forever: true, respond: { reply: { text: "Paris." } } });
    stack = await startPoolStack({
      simulator: back.simulator,
      accounts: [
        { kind: "gemini", label: "gemini-key", api_key: "key-1" },
        { kind: "openai", label: "compat", base_url: `${back.url}/v1`, api_key: "unused" },
      ],
    });
    const { data, response } = await stack.client.chat.completions
      .create({ model: "gemini-2.5-flash", messages: question, presence_penalty: 0.5 })
      .withResponse();
    expect(data.choices[0]?.message.content).toBe("Paris.");
    expect(response.headers.get("x-account-email")).toBe("compat");
    expect(response.headers.get("x-agate-attempts")).toBe("1");
    expect(generations(back.simulator).map((request) => request.path)).toEqual([
      "/v1beta/models/gemini-2.0-flash:generateContent",
    ]);
    expect(sentConfig(back)).toEqual({ presencePenalty: 0.5 });
  });
});
