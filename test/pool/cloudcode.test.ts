import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { faults, startSimulator } from "../../src/simulator/index.js";
import { ask, askFails, generations, type PoolStack, startPoolStack, statusOf } from "./support.js";

let stack: PoolStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const cloudcode = (label: string, refreshToken: string, extra: Record<string, unknown> = {}) => ({
  kind: "cloudcode",
  label,
  refresh_token: refreshToken,
  ...extra,
});
const tokenCalls = (current: PoolStack) =>
  current.simulator.requests.filter((request) => request.path === "/token");
const operations = (current: PoolStack, operation: string) =>
  current.simulator.requests.filter((request) => request.path === `/v1internal:${operation}`);

/** A port nothing listens on: connecting to it fails at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 1;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("cloudcode accounts (OAuth, v1internal) against the simulator", () => {
  it("refreshes a token, finds the project, and sends the v1internal envelope", async () => {
    stack = await startPoolStack({ accounts: [cloudcode("alpha@cc", "sim-refresh-alpha")] });
    expect(await ask(stack, "hello cloud", { model: "gemini-2.5-pro" })).toMatchObject({
      account: "alpha@cc",
      attempts: "1",
    });
    const [token] = tokenCalls(stack);
    expect(token?.body).toMatchObject({
      grant_type: "refresh_token",
      refresh_token: "sim-refresh-alpha",
      client_id: "agate-test-client",
      client_secret: "agate-test-secret",
    });
    expect(operations(stack, "loadCodeAssist")).toHaveLength(1);
    const [generate] = generations(stack.simulator);
    expect(generate?.headers.authorization).toMatch(/^Bearer sim-access-/);
    expect(generate?.body).toMatchObject({
      model: "gemini-2.5-pro",
      project: expect.stringMatching(/^sim-project-/),
      request: { contents: [{ role: "user", parts: [{ text: "hello cloud" }] }] },
      requestId: expect.stringMatching(/^agate-/),
      userAgent: expect.stringMatching(/^agate\//),
      requestType: "agent",
    });
    // The token and the project are reused.
    await ask(stack, "again", { model: "gemini-2.5-pro" });
    expect(tokenCalls(stack)).toHaveLength(1);
    expect(operations(stack, "loadCodeAssist")).toHaveLength(1);
  });

  it("a grounded answer's citations come through the envelope too, JSON and streamed", async () => {
    stack = await startPoolStack({ accounts: [cloudcode("alpha@cc", "sim-refresh-alpha")] });
    const ask = {
      model: "gemini-2.5-flash",
      messages: [{ role: "user" as const, content: "Who won Euro 2024?" }],
    };
    stack.simulator.script({
      forever: true,
      respond: {
        reply: {
          text: "Spain won Euro 2024. The final was in Berlin.",
          grounding: {
            queries: ["Euro 2024 winner"],
            sources: [{ uri: "https://www.uefa.com/euro2024/", title: "uefa.com" }],
            supports: [{ text: "The final was in Berlin.", sources: [0] }],
          },
        },
      },
    });
    const annotations = [
      {
        type: "url_citation",
        url_citation: {
          start_index: 21,
          end_index: 45,
          title: "uefa.com",
          url: "https://www.uefa.com/euro2024/",
        },
      },
    ];
    const completion = await stack.client.chat.completions.create({ ...ask, web_search_options: {} });
    expect(completion.choices[0]?.message.annotations).toEqual(annotations);
    expect(generations(stack.simulator)[0]?.body).toMatchObject({
      request: { tools: [{ googleSearch: {} }] },
    });
    const stream = stack.client.chat.completions.stream({ ...ask, web_search_options: {} });
    expect((await stream.finalChatCompletion()).choices[0]?.message.annotations).toEqual(annotations);
  });

  it("streams through the envelope", async () => {
    stack = await startPoolStack({ accounts: [cloudcode("alpha@cc", "sim-refresh-alpha")] });
    const stream = await stack.client.chat.completions.create({
      model: "gemini-2.5-flash",
      messages: [{ role: "user", content: "stream through cloud code" }],
      stream: true,
    });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toContain("You said: stream through cloud code");
  });

  it("a small max_tokens without an effort: the same thinking rule as the Gemini API, an answer", async () => {
    stack = await startPoolStack({ accounts: [cloudcode("alpha@cc", "sim-refresh-alpha")] });
    const answer = await stack.client.chat.completions.create({
      model: "gemini-2.5-flash",
      messages: [{ role: "user", content: "a title please" }],
      max_tokens: 20,
    });
    expect(answer.choices[0]?.message.content).toContain("You said: a title please");
    const [generate] = generations(stack.simulator);
    expect(generate?.body).toMatchObject({
      request: { generationConfig: { maxOutputTokens: 20, thinkingConfig: { thinkingBudget: 0 } } },
    });
  });

  it("a stream cut midway: the error frame names the model and Cloud Code as the upstream that failed", async () => {
    stack = await startPoolStack({ accounts: [cloudcode("alpha@cc", "sim-refresh-alpha")] });
    stack.simulator.script({ match: { stream: true }, respond: { fault: "cut", afterChunks: 2 } });
    const stream = await stack.client.chat.completions.create({
      model: "gemini-2.5-flash",
      messages: [{ role: "user", content: "a long answer with many words in it" }],
      stream: true,
    });
    const failure = await (async () => {
      for await (const _chunk of stream);
    })().catch((error: unknown) => error);
    expect((failure as Error).message).toMatch(
      /^The upstream failed for 'gemini-2\.5-flash'\. Upstream \(Cloud Code\) said: /,
    );
  });

  it("401 → refresh the token → retry the same account → success", async () => {
    stack = await startPoolStack({ accounts: [cloudcode("alpha@cc", "sim-refresh-alpha")] });
    await ask(stack, "warm up");
    stack.simulator.expireAccessTokens();
    expect(await ask(stack, "after expiry")).toMatchObject({ account: "alpha@cc", attempts: "2" });
    expect(tokenCalls(stack)).toHaveLength(2);
  });

  it("a token close to its expiry is refreshed before use", async () => {
    stack = await startPoolStack({ accounts: [cloudcode("alpha@cc", "sim-refresh-alpha")] });
    await ask(stack, "warm up");
    stack.clock.now += 3_599_000 - 4 * 60_000;
    expect(await ask(stack, "later")).toMatchObject({ attempts: "1" });
    expect(tokenCalls(stack)).toHaveLength(2);
  });

  it("concurrent requests share one refresh", async () => {
    stack = await startPoolStack({ accounts: [cloudcode("alpha@cc", "sim-refresh-alpha")] });
    await Promise.all(["a", "b", "c", "d"].map((text) => ask(stack as PoolStack, text)));
    expect(tokenCalls(stack)).toHaveLength(1);
    expect(operations(stack, "loadCodeAssist")).toHaveLength(1);
  });

  it("invalid_grant → the account is turned off with the reason, and another serves", async () => {
    stack = await startPoolStack({
      accounts: [
        cloudcode("dead@cc", "revoked-token"),
        { kind: "gemini", label: "backup", api_key: "key-b" },
      ],
    });
    stack.simulator.addRefreshToken("revoked-token", { invalid: true });
    expect(await ask(stack, "hi")).toMatchObject({ account: "backup", attempts: "2" });
    const dead = statusOf(stack, "dead@cc");
    expect(dead.disabledReason).toMatch(/invalid_grant/);
    expect(dead.disabledReason).toContain("Token has been expired or revoked.");
    expect(
      stack.gateway.accounts().find((account) => account.label === "dead@cc")?.disabledReason,
    ).toBeDefined();
    // The dead token is not tried again (the model-list read at start may have tried it once before).
    const tried = tokenCalls(stack).length;
    expect(await ask(stack, "next")).toMatchObject({ account: "backup", attempts: "1" });
    expect(tokenCalls(stack)).toHaveLength(tried);
  });

  it("invalid_grant on the only account → 503 saying to sign in again", async () => {
    stack = await startPoolStack({ accounts: [cloudcode("dead@cc", "revoked-token")] });
    stack.simulator.addRefreshToken("revoked-token", { invalid: true });
    const error = await askFails(stack, "hi");
    expect(error.status).toBe(503);
    expect(error.code).toBe("upstream_auth_failed");
    expect(error.message).not.toContain("revoked-token");
    const again = await askFails(stack, "again");
    expect(again.code).toBe("no_accounts");
    expect(again.message).toContain("dead@cc: OAuth invalid_grant");
  });

  it("no project yet: onboardUser is polled until done, and the project is used", async () => {
    stack = await startPoolStack({ accounts: [cloudcode("new@cc", "sim-refresh-newbie")] });
    stack.simulator.addRefreshToken("sim-refresh-newbie", { onboarded: false });
    expect(await ask(stack, "first time")).toMatchObject({ account: "new@cc" });
    expect(operations(stack, "onboardUser").length).toBeGreaterThanOrEqual(2);
    expect(operations(stack, "onboardUser")[0]?.body).toMatchObject({ tierId: "free-tier" });
    expect(generations(stack.simulator)[0]?.body).toMatchObject({
      project: expect.stringMatching(/^sim-project-/),
    });
  });

  it("a declared project_id skips discovery", async () => {
    stack = await startPoolStack({
      accounts: [cloudcode("p@cc", "sim-refresh-p", { project_id: "my-project" })],
    });
    await ask(stack, "x");
    expect(operations(stack, "loadCodeAssist")).toHaveLength(0);
    expect(generations(stack.simulator)[0]?.body).toMatchObject({ project: "my-project" });
  });

  it("base URLs: moves to the next one on a network failure or a 503, never on a 429", async () => {
    const dead = `http://127.0.0.1:${await closedPort()}`;
    const simulator = await startSimulator({ quiet: true });
    const { url } = simulator;
    try {
      stack = await startPoolStack({
        simulator,
        accounts: [cloudcode("alpha@cc", "sim-refresh-alpha", { base_urls: [dead, url] })],
      });
      expect(await ask(stack, "past the dead endpoint")).toMatchObject({ attempts: "1" });
      await stack.close();
      simulator.reset();
      stack = await startPoolStack({
        simulator,
        accounts: [cloudcode("alpha@cc", "sim-refresh-alpha", { base_urls: [url, `${url}/`] })],
      });
      simulator.script({ match: { kind: "cloudcode" }, respond: faults.overloaded() });
      expect(await ask(stack, "past the 503")).toMatchObject({ attempts: "1" });
      expect(generations(simulator)).toHaveLength(2);
      simulator.script({ match: { kind: "cloudcode" }, respond: faults.rateLimitPerMinute("9s") });
      expect((await askFails(stack, "429 stays")).status).toBe(429);
      expect(generations(simulator)).toHaveLength(3);
    } finally {
      await stack?.close();
      stack = undefined;
      await simulator.close();
    }
  });

  it("/v1/models lists the models fetchAvailableModels reports; deprecated ids are forwarded", async () => {
    stack = await startPoolStack({ accounts: [cloudcode("alpha@cc", "sim-refresh-alpha")] });
    await stack.gateway.catalog.refreshQuotaAccounts();
    const models = [];
    for await (const model of stack.client.models.list()) models.push(model.id);
    expect(models).toContain("gemini-3-pro-preview");
    expect(models).not.toContain("gemini-2.5-pro-preview-06-05");
    expect(stack.gateway.catalog.remainingFraction(statusOf(stack, "alpha@cc").id, "gemini-2.5-pro")).toBe(1);
    await ask(stack, "old name", { model: "gemini-2.5-pro-preview-06-05" });
    expect(generations(stack.simulator).at(-1)?.body).toMatchObject({ model: "gemini-2.5-pro" });
  });

  it("an account whose model list lacks the model is passed over for it", async () => {
    const flashOnly = await startSimulator({ quiet: true, models: [{ id: "gemini-2.5-flash" }] });
    try {
      stack = await startPoolStack({
        accounts: [
          { kind: "gemini", label: "flash-only", api_key: "key-a", base_url: flashOnly.url },
          cloudcode("alpha@cc", "sim-refresh-alpha"),
        ],
      });
      await stack.client.models.list();
      expect(await ask(stack, "needs pro", { model: "gemini-3-pro-preview" })).toMatchObject({
        account: "alpha@cc",
        attempts: "1",
      });
      expect(await ask(stack, "flash", { model: "gemini-2.5-flash" })).toMatchObject({
        account: "flash-only",
      });
    } finally {
      await stack?.close();
      stack = undefined;
      await flashOnly.close();
    }
  });
});
