import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../helpers/stack.js";

/**
 * `include` on GET /v1/responses/{id} and on its input_items, as the openai SDK sends it (`include[]=...`)
 * and as a client that repeats the name sends it (`include=...&include=...`): the runs' output the store
 * kept for a code_interpreter_call whose client was shown null comes back when asked, as the create
 * request's include would have shown it.
 */
let stack: Stack;
let client: OpenAI;
/** A stored response with one code_interpreter_call, created without include (its outputs shown null). */
let ran: OpenAI.Responses.Response;
/** A stored response whose input references that call by id. */
let referencing: OpenAI.Responses.Response;

const codeInterpreter = { type: "code_interpreter" as const, container: { type: "auto" as const } };
const outputs = ["code_interpreter_call.outputs" as const];
const logs = [{ type: "logs", logs: "42\n" }];

beforeAll(async () => {
  stack = await startStack(1);
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
  ran = await client.responses.create({ model: "gpt-4o", tools: [codeInterpreter], input: "What is 6 * 7?" });
  const call = ran.output.find((item) => item.type === "code_interpreter_call");
  referencing = await client.responses.create({
    model: "gpt-4o",
    input: [
      { role: "user", content: "What is 6 * 7?" },
      { type: "item_reference", id: call?.id ?? "" },
      { role: "user", content: "Thanks!" },
    ],
  });
});
afterAll(() => stack.close());

const codeCallOf = (items: readonly { type: string }[]) =>
  items.find((item) => item.type === "code_interpreter_call") as { outputs: unknown } | undefined;

const get = (path: string) =>
  fetch(`${stack.url}${path}`).then(async (response) => ({
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
  }));

describe("GET /v1/responses/{id} with include", () => {
  it("code_interpreter_call.outputs (the SDK's include[]): the runs' output the client was shown null", async () => {
    expect(codeCallOf(ran.output)?.outputs).toBeNull();
    const retrieved = await client.responses.retrieve(ran.id, { include: outputs });
    expect(codeCallOf(retrieved.output)?.outputs).toEqual(logs);
    // Without include, as the client was shown it; and never agate's own key.
    const plain = await client.responses.retrieve(ran.id);
    expect(codeCallOf(plain.output)?.outputs).toBeNull();
    expect(JSON.stringify(retrieved)).not.toContain("agate_outputs");
  });

  it("the name repeated, or given once, and beside other values OpenAI takes", async () => {
    const both = await get(
      `/v1/responses/${ran.id}?include=reasoning.encrypted_content&include=code_interpreter_call.outputs`,
    );
    expect(both.status).toBe(200);
    expect(codeCallOf(both.body.output as { type: string }[])?.outputs).toEqual(logs);
    const once = await get(`/v1/responses/${ran.id}?include=code_interpreter_call.outputs`);
    expect(codeCallOf(once.body.output as { type: string }[])?.outputs).toEqual(logs);
    const other = await get(`/v1/responses/${ran.id}?include[]=message.output_text.logprobs`);
    expect(other.status).toBe(200);
    expect(codeCallOf(other.body.output as { type: string }[])?.outputs).toBeNull();
  });

  it("an unknown value: a 400 naming it, as OpenAI answers create", async () => {
    const error = await client.responses
      .retrieve(ran.id, { include: ["code_interpreter_call.output" as "code_interpreter_call.outputs"] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ param: "include[0]", code: "invalid_value" });
    expect((error as Error).message).toMatch(
      /'code_interpreter_call\.output'.*'code_interpreter_call\.outputs'/,
    );
  });

  it("stream=true stays a 400 naming stream, include or not", async () => {
    const streamed = await get(`/v1/responses/${ran.id}?stream=true&include[]=code_interpreter_call.outputs`);
    expect(streamed.status).toBe(400);
    expect(streamed.body.error).toMatchObject({ param: "stream" });
  });
});

describe("GET /v1/responses/{id}/input_items with include", () => {
  it("code_interpreter_call.outputs: a referenced call's output; without it, null as its client was shown", async () => {
    const listed = await client.responses.inputItems.list(referencing.id, { include: outputs });
    expect(codeCallOf(listed.data)?.outputs).toEqual(logs);
    const plain = await client.responses.inputItems.list(referencing.id);
    expect(codeCallOf(plain.data)?.outputs).toBeNull();
    const repeated = await get(
      `/v1/responses/${referencing.id}/input_items?include=code_interpreter_call.outputs&include=reasoning.encrypted_content`,
    );
    expect(codeCallOf(repeated.body.data as { type: string }[])?.outputs).toEqual(logs);
  });

  it("an unknown value: a 400 naming it", async () => {
    const refused = await get(`/v1/responses/${referencing.id}/input_items?include=outputs`);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ param: "include[0]", code: "invalid_value" });
  });
});
