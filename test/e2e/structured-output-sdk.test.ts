import OpenAI from "openai";
import { zodResponseFormat, zodTextFormat } from "openai/helpers/zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { type Stack, startStack } from "../helpers/stack.js";

let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack(1);
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => stack.close());

const Meeting = z.object({ title: z.string(), starts_at: z.iso.datetime(), attendees: z.array(z.string()) });

describe("the SDK's zod helpers parse what the simulator answers for a schema with a date-time", () => {
  it("chat.completions.parse with zodResponseFormat", async () => {
    const completion = await client.chat.completions.parse({
      model: "gpt-4o",
      messages: [{ role: "user", content: "Plan the review" }],
      response_format: zodResponseFormat(Meeting, "meeting"),
    });
    expect(completion.choices[0]?.message.parsed).toEqual({
      title: "Plan the review",
      starts_at: "2025-01-01T00:00:00Z",
      attendees: ["attendees"],
    });
  });

  it("responses.parse with zodTextFormat", async () => {
    const response = await client.responses.parse({
      model: "gpt-4o",
      input: "Plan the review",
      text: { format: zodTextFormat(Meeting, "meeting") },
    });
    expect(response.output_parsed?.starts_at).toBe("2025-01-01T00:00:00Z");
  });
});
