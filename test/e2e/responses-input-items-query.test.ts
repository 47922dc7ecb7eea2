import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../helpers/stack.js";

let stack: Stack;
let client: OpenAI;
let stored: OpenAI.Responses.Response;

beforeAll(async () => {
  stack = await startStack(1);
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
  stored = await client.responses.create({
    model: "gpt-4o",
    input: [
      { role: "user", content: "one" },
      { role: "user", content: "two" },
    ],
  });
});
afterAll(() => stack.close());

const listing = (query: Record<string, unknown>) =>
  client.responses.inputItems.list(stored.id, query as OpenAI.Responses.InputItemListParams);

describe("GET /v1/responses/{id}/input_items refuses a query it cannot honour, as OpenAI does", () => {
  it.each([
    [{ limit: 0 }, "limit", "integer_below_min_value"],
    [{ limit: 101 }, "limit", "integer_above_max_value"],
    [{ limit: 1.5 }, "limit", "invalid_type"],
    [{ limit: "many" }, "limit", "invalid_type"],
    [{ order: "newest" }, "order", "invalid_value"],
    [{ after: "msg_unknown" }, "after", "invalid_value"],
  ])("%j → 400 naming '%s'", async (query, param, code) => {
    const error = await listing(query).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({ status: 400, param, code, type: "invalid_request_error" });
  });

  it("the bounds themselves are fine, and `after` continues from a listed item", async () => {
    const one = await listing({ limit: 1, order: "asc" });
    expect(one.data).toHaveLength(1);
    expect(one.has_more).toBe(true);
    const rest = await listing({ limit: 100, order: "asc", after: one.data[0]?.id });
    expect(rest.data.map((item) => item.type === "message" && item.content[0])).toEqual([
      { type: "input_text", text: "two" },
    ]);
    expect(rest.has_more).toBe(false);
  });
});
