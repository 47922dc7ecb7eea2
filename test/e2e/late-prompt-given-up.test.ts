import { afterEach, describe, expect, it } from "vitest";
import { geminiAccounts, generations, type PoolStack, startPoolStack } from "../pool/support.js";
import { eventually, expectNoneInFlight } from "../reliability/support.js";

/**
 * Legacy completions with several prompts, their stream's head sent early (keep-alives while the first output
 * is awaited): a prompt that fails in the stream ends it, and a prompt still waiting for its upstream's first
 * output is given up then — its upstream call stopped and its account freed, the error frame not held back.
 */

const KEEPALIVE_MS = 50;
const MODEL = "gemini-2.5-flash";

let stack: PoolStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe("completions: a late prompt beside one that fails in the stream", () => {
  it("the failure comes at once, and the late prompt's upstream call is stopped", async () => {
    stack = await startPoolStack({
      accounts: geminiAccounts(2),
      config: { stream_keepalive_ms: KEEPALIVE_MS },
    });
    const { simulator } = stack;
    // The first prompt fails after the head went out; the second one's upstream never answers.
    simulator.script({
      match: { apiKey: "key-1" },
      delayMs: 200,
      respond: { error: { status: 400 } },
    });
    simulator.script({ match: { apiKey: "key-2" }, forever: true, respond: { fault: "hang" } });
    const startedAt = Date.now();
    const response = await fetch(`${stack.url}/v1/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: MODEL, stream: true, prompt: ["one", "two"] }),
      signal: AbortSignal.timeout(5_000),
    });
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    expect(body).toContain('data: {"error":');
    expect(body.endsWith("data: [DONE]\n\n")).toBe(true);
    const hung = () =>
      generations(simulator).find((request) => request.headers["x-goog-api-key"] === "key-2");
    expect(await eventually(() => hung()?.closedAt !== undefined)).toBe(true);
    await expectNoneInFlight(stack.gateway);
  });
});

describe("completions: a late prompt that fails while an earlier one is still read", () => {
  it("its failure ends the stream as an error frame, not as a missing choice", async () => {
    stack = await startPoolStack({
      accounts: geminiAccounts(2),
      config: { stream_keepalive_ms: KEEPALIVE_MS },
    });
    const { simulator } = stack;
    // The first prompt answers late; the second fails (no retry: a 400) before the first has answered.
    simulator.script({
      match: { apiKey: "key-1" },
      delayMs: 400,
      respond: { reply: { text: "first, slowly" } },
    });
    simulator.script({
      match: { apiKey: "key-2" },
      delayMs: 150,
      respond: { error: { status: 400 } },
    });
    const response = await fetch(`${stack.url}/v1/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: MODEL, stream: true, prompt: ["one", "two"] }),
      signal: AbortSignal.timeout(5_000),
    });
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain("first, slowly");
    expect(body).toContain('data: {"error":');
    expect(body.endsWith("data: [DONE]\n\n")).toBe(true);
    await expectNoneInFlight(stack.gateway);
  });
});
