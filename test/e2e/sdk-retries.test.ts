import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { faults } from "../../src/simulator/index.js";
import { type Stack, startStack } from "../helpers/stack.js";

let stack: Stack;

beforeAll(async () => {
  stack = await startStack(1, { first_byte_timeout_ms: 300, retry_backoff_ms: 10 });
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

  it("a per-minute limit of a few seconds leaves the SDK to wait and retry (all accounts cooling too)", async () => {
    stack.simulator.script({ respond: faults.rateLimitPerMinute("2s", { model: "gemini-2.5-flash" }) });
    const client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
    await client.chat.completions
      .create({ model: "gemini-2.5-flash", messages: [{ role: "user", content: "x" }] })
      .catch(() => undefined);
    const error = await client.chat.completions
      .create({ model: "gemini-2.5-flash", messages: [{ role: "user", content: "x" }] })
      .catch((caught: unknown) => caught);
    const cooling = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(cooling.code).toBe("all_accounts_cooling");
    expect(Number(cooling.headers?.get("retry-after"))).toBeLessThanOrEqual(2);
    expect(cooling.headers?.get("x-should-retry")).toBeNull();
  });
});

/**
 * agate has already made its attempts (max_attempts, on every account it could, backing off within its wait
 * budget) when it answers 502 or 504: the SDK's own retries would make them all again, up to three times the
 * upstream calls and the wait. It says `x-should-retry: false`; the request costs at most max_attempts calls.
 */
describe("the openai SDK's retries against agate's 5xx", () => {
  const retrying = () =>
    new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 2, timeout: 10_000 });
  const generations = () => stack.simulator.requests.filter((request) => request.kind === "gemini");

  it("the upstream failing every attempt: one 502, max_attempts upstream calls, no SDK retry", async () => {
    stack.simulator.script({ forever: true, respond: faults.serverError(500) });
    const error = await retrying()
      .chat.completions.create({ model: "gemini-2.5-flash", messages: [{ role: "user", content: "x" }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    const failure = error as InstanceType<typeof OpenAI.InternalServerError>;
    expect(failure.status).toBe(502);
    expect(failure.headers?.get("x-should-retry")).toBe("false");
    expect(failure.headers?.get("x-agate-attempts")).toBe("3");
    expect(generations()).toHaveLength(3);
  });

  it("a stream whose upstream fails every attempt: the same, before the first byte", async () => {
    stack.simulator.script({ forever: true, respond: faults.overloaded() });
    const error = await retrying()
      .chat.completions.create({
        model: "gemini-2.5-flash",
        stream: true,
        messages: [{ role: "user", content: "x" }],
      })
      .catch((caught: unknown) => caught);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect(generations()).toHaveLength(3);
  });

  it("an upstream that never answers: one 504, no SDK retry", async () => {
    stack.simulator.script({ forever: true, respond: { fault: "hang" } });
    const error = await retrying()
      .chat.completions.create({ model: "gemini-2.5-flash", messages: [{ role: "user", content: "x" }] })
      .catch((caught: unknown) => caught);
    const timeout = error as InstanceType<typeof OpenAI.APIError>;
    expect(timeout.status).toBe(504);
    expect(timeout.headers?.get("x-should-retry")).toBe("false");
    expect(generations()).toHaveLength(3);
  });
});
