import { afterEach, describe, expect, it } from "vitest";
import { geminiAccounts, generations, type PoolStack, startPoolStack } from "../pool/support.js";
import { eventually, expectNoneInFlight } from "../reliability/support.js";

/**
 * Legacy completions with several prompts, one of which fails before its first byte (a 400: no retry): the
 * request fails at once with that error. The other prompts' upstream calls are stopped then, not waited for —
 * not until stream_keepalive_ms (a stream), nor until they answer or time out (a JSON answer).
 */

const MODEL = "gemini-2.5-flash";

let stack: PoolStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe.each([
  ["streamed", true],
  ["not streamed", false],
])("completions, %s: one prompt fails before its first byte while another has not answered", (_, stream) => {
  it("the request fails at once with that prompt's error, and the other prompt's upstream call is stopped", async () => {
    stack = await startPoolStack({
      accounts: geminiAccounts(2),
      // Long enough that a reply held until a late answer's head would show.
      config: { stream_keepalive_ms: 5_000 },
    });
    const { simulator } = stack;
    simulator.script({
      match: { apiKey: "key-1" },
      delayMs: 50,
      respond: { error: { status: 400, body: { error: { code: 400, message: "bad first prompt" } } } },
    });
    simulator.script({ match: { apiKey: "key-2" }, forever: true, respond: { fault: "hang" } });
    const startedAt = Date.now();
    const response = await fetch(`${stack.url}/v1/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: MODEL, stream, prompt: ["one", "two"] }),
      signal: AbortSignal.timeout(8_000),
    });
    const body = await response.text();
    expect(Date.now() - startedAt).toBeLessThan(2_000);
    expect(response.status).toBe(400);
    expect(body).toContain("bad first prompt");
    const hung = () =>
      generations(simulator).find((request) => request.headers["x-goog-api-key"] === "key-2");
    expect(await eventually(() => hung()?.closedAt !== undefined)).toBe(true);
    expect(hung()?.finished).toBe(false);
    await expectNoneInFlight(stack.gateway);
  });
});
