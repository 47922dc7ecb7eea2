import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { faults } from "../../src/simulator/index.js";
import { type Stack, startStack } from "../helpers/stack.js";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack(1);
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.reset());

/**
 * The official SDK retries a 429 twice by default and sleeps for whatever Retry-After says (openai-node 6
 * has no ceiling; openai-python gives up past two minutes). A wait agate knows to be long must not freeze the
 * caller for hours: it says `x-should-retry: false`, which both SDKs obey.
 */
describe("the openai SDK's retries against agate's 429s", () => {
  it("a daily quota out for hours: the SDK, retries on, fails at once with the 429", async () => {
    stack.simulator.script({ respond: faults.quotaExhausted({ model: "gemini-2.5-pro", resetDelay: "3h" }) });
    const client = new OpenAI({
      baseURL: `${stack.url}/v1`,
      apiKey: "unused",
      maxRetries: 2,
      timeout: 5_000,
    });
    const started = Date.now();
    const error = await client.chat.completions
      .create({ model: "gemini-2.5-pro", messages: [{ role: "user", content: "x" }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const rateLimit = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(Number(rateLimit.headers?.get("retry-after"))).toBeGreaterThan(3_000);
    expect(rateLimit.headers?.get("x-should-retry")).toBe("false");
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(stack.simulator.requests.filter((request) => request.kind === "gemini")).toHaveLength(1);
  });

  it("a per-minute limit of a few seconds leaves the SDK to wait and retry", async () => {
    stack.simulator.script({ respond: faults.rateLimitPerMinute("2s", { model: "gemini-2.5-flash" }) });
    const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
    const error = await client.chat.completions
      .create({ model: "gemini-2.5-flash", messages: [{ role: "user", content: "x" }] })
      .catch((caught: unknown) => caught);
    const rateLimit = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rateLimit.status).toBe(429);
    expect(rateLimit.headers?.get("retry-after")).toBe("2");
    expect(rateLimit.headers?.get("x-should-retry")).toBeNull();
  });
});
