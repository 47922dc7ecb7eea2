import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../helpers/stack.js";

/** Stored responses are kept responses_retention_days, then pruned: gone as if deleted. */

const DAY_MS = 86_400_000;
let clock = Date.UTC(2026, 0, 1);
let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack(1, { responses_retention_days: 30 }, { now: () => clock });
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => stack.close());

describe("responses_retention_days", () => {
  it("a response older than the retention is pruned; younger ones and their conversations still work", async () => {
    const old = await client.responses.create({ model: "gpt-4o", input: "remember the word teal" });
    const [oldInput] = (await client.responses.inputItems.list(old.id)).data;
    clock += 20 * DAY_MS;
    const recent = await client.responses.create({
      model: "gpt-4o",
      input: "and the word amber",
      previous_response_id: old.id,
    });
    expect(recent.created_at - old.created_at).toBe(20 * 86_400);

    clock += 15 * DAY_MS; // the first is 35 days old, the second 15
    expect(await stack.gateway.pruneResponses()).toBe(1);
    expect(await stack.gateway.pruneResponses()).toBe(0);

    await expect(client.responses.retrieve(old.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(
      client.responses.create({ model: "gpt-4o", input: "x", previous_response_id: old.id }),
    ).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(
      client.responses.create({
        model: "gpt-4o",
        input: [{ type: "item_reference", id: oldInput?.id ?? "" }],
      }),
    ).rejects.toBeInstanceOf(OpenAI.BadRequestError);

    expect((await client.responses.retrieve(recent.id)).id).toBe(recent.id);
    stack.simulator.reset();
    const next = await client.responses.create({
      model: "gpt-4o",
      input: "which words?",
      previous_response_id: recent.id,
    });
    expect(next.status).toBe("completed");
    // The conversation starts where what is kept starts: the pruned turn is no longer sent.
    const upstream = stack.simulator.requests.filter((request) => request.model !== undefined);
    const body = upstream.at(-1)?.body as { contents: { parts: { text?: string }[] }[] };
    expect(body.contents.map((content) => content.parts[0]?.text?.slice(0, 18))).toEqual([
      "and the word amber",
      recent.output_text.slice(0, 18),
      "which words?",
    ]);
  });
});
