import { describe, expect, it } from "vitest";
import {
  drain,
  type Outcome,
  overloaded,
  rateLimited,
  scriptedClient,
  testAccount,
  testCatalog,
  testPool,
  testRequest,
} from "../../test/helpers/pool-fixtures.js";
import { AgateError } from "../errors.js";
import type { GenerateEvent } from "../hub/types.js";
import type { UpstreamClient } from "../upstream/types.js";
import { UpstreamError } from "../upstream/upstream-error.js";
import type { Account } from "./account.js";
import { Cooldowns } from "./cooldowns.js";
import type { PoolTrace } from "./pool.js";

const request = testRequest();

/** A client whose behaviour per account is a list of outcomes, one per call; `calls` gets each account id. */
const scripted = (outcomes: Record<string, Outcome[]>, calls: string[]): UpstreamClient =>
  scriptedClient(outcomes, (target) => calls.push(target.id));

describe("Pool.execute", () => {
  it("no enabled account → 503 no_accounts", async () => {
    const pool = testPool([testAccount("a", { enabled: false })], scripted({}, []));
    await expect(pool.execute(request, new AbortController().signal, { attempts: 0 })).rejects.toMatchObject({
      status: 503,
      code: "no_accounts",
    });
  });

  it("rotates past a rate-limited account and reports the attempts", async () => {
    const calls: string[] = [];
    const pool = testPool([testAccount("a"), testAccount("b")], scripted({ a: [rateLimited()] }, calls));
    const trace: PoolTrace = { attempts: 0 };
    const result = await pool.execute(request, new AbortController().signal, trace);
    expect(calls).toEqual(["a", "b"]);
    expect(result.account.id).toBe("b");
    expect(result.attempts).toBe(2);
    expect((await drain(result.events))[0]).toEqual({ type: "text-delta", candidate: 0, text: "from b" });
    expect(pool.inFlightCount()).toBe(0);
  });

  it("a cooling account is skipped by the next request; all cooling → 429 with Retry-After", async () => {
    const calls: string[] = [];
    let now = 0;
    const pool = testPool([testAccount("a")], scripted({ a: [rateLimited()] }, calls), { now: () => now });
    await expect(pool.execute(request, new AbortController().signal, { attempts: 0 })).rejects.toMatchObject({
      status: 429,
    });
    now = 10_000;
    const error = await pool
      .execute(request, new AbortController().signal, { attempts: 0 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgateError);
    expect(error).toMatchObject({ status: 429, code: "all_accounts_cooling", retryAfterSeconds: 20 });
    expect((error as AgateError).message).toContain("is rate limited; retry after 20 s");
    expect(calls).toEqual(["a"]);
    now = 30_000;
    await expect(pool.execute(request, new AbortController().signal, { attempts: 0 })).resolves.toMatchObject(
      { attempts: 1 },
    );
  });

  it("a 400 is not retried and comes back as a 400", async () => {
    const calls: string[] = [];
    const bad = new UpstreamError("Invalid JSON payload", {
      kind: "http",
      status: 400,
      google: { quotaIds: [] },
    });
    const pool = testPool([testAccount("a"), testAccount("b")], scripted({ a: [bad] }, calls));
    await expect(pool.execute(request, new AbortController().signal, { attempts: 0 })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining("Invalid JSON payload"),
    });
    expect(calls).toEqual(["a"]);
  });

  it("a request the upstream is known to refuse: its 400 at once, no call, no attempt, no cool-down, slot freed", async () => {
    const calls: string[] = [];
    const refused = new AgateError("'presence_penalty' is not supported", {
      status: 400,
      type: "invalid_request_error",
      code: "unsupported_value",
      param: "presence_penalty",
    });
    const asked: string[] = [];
    const client: UpstreamClient = {
      ...scripted({}, calls),
      refusal: (target, asking) => {
        asked.push(`${target.id} ${asking.model}`);
        return asking.settings.candidateCount === undefined ? undefined : refused;
      },
    };
    const cooldowns = new Cooldowns(() => 0);
    const pool = testPool([testAccount("a"), testAccount("b")], client, { cooldowns });
    const trace: PoolTrace = { attempts: 0 };
    const many = { ...request, settings: { candidateCount: 3 } };
    await expect(pool.execute(many, new AbortController().signal, trace)).rejects.toBe(refused);
    expect(calls).toEqual([]);
    expect(trace).toEqual({ attempts: 0 });
    // Each account is asked (another kind of upstream might take it), none is called.
    expect([...new Set(asked)]).toEqual(["a gemini-2.5-flash", "b gemini-2.5-flash"]);
    expect(cooldowns.active()).toEqual([]);
    expect(pool.inFlightCount()).toBe(0);
    await expect(pool.execute(request, new AbortController().signal, trace)).resolves.toMatchObject({
      attempts: 1,
    });
    expect(calls).toHaveLength(1);
  });

  it("a mixed pool: an account whose upstream refuses the request is passed over for one that takes it", async () => {
    const calls: string[] = [];
    const refused = new AgateError("'logit_bias' is not supported", {
      status: 400,
      type: "invalid_request_error",
      code: null,
      param: "logit_bias",
    });
    const gemini: UpstreamClient = { ...scripted({}, calls), refusal: () => refused };
    const openai = scripted({}, calls);
    const compatible: Account = { ...testAccount("c"), kind: "openai" };
    const pool = testPool([testAccount("g"), compatible], { gemini, openai });
    const trace: PoolTrace = { attempts: 0 };
    const biased = { ...request, settings: { logitBias: { "50256": -100 } } };
    const result = await pool.execute(biased, new AbortController().signal, trace);
    expect(result).toMatchObject({ attempts: 1, account: { id: "c" } });
    expect(trace).toMatchObject({ attempts: 1, lastAccount: { id: "c" } });
    expect(calls).toEqual(["c"]);
    expect(await drain(result.events)).toContainEqual({ type: "text-delta", candidate: 0, text: "from c" });
    expect(pool.inFlightCount()).toBe(0);
  });

  it("a request every account refuses is its 400 even while they rest or are busy, not a 429 to retry", async () => {
    const refused = new AgateError("'presence_penalty' is not supported", {
      status: 400,
      type: "invalid_request_error",
      code: "unsupported_value",
      param: "presence_penalty",
    });
    const calls: string[] = [];
    const client: UpstreamClient = { ...scripted({}, calls), refusal: () => refused };
    const cooldowns = new Cooldowns(() => 0);
    cooldowns.cool("a", undefined, 60_000, "rate-limit");
    cooldowns.cool("b", undefined, 60_000, "rate-limit");
    const pool = testPool([testAccount("a"), testAccount("b")], client, { cooldowns });
    const trace: PoolTrace = { attempts: 0 };
    await expect(pool.execute(request, new AbortController().signal, trace)).rejects.toBe(refused);
    expect(trace).toEqual({ attempts: 0 });
    expect(calls).toEqual([]);
    expect(pool.inFlightCount()).toBe(0);
  });

  it("a refusal is the answer when the only account that would take it does not serve the model", async () => {
    const refused = new AgateError("'logit_bias' is not supported", {
      status: 400,
      type: "invalid_request_error",
      code: null,
      param: "logit_bias",
    });
    const calls: string[] = [];
    const gemini: UpstreamClient = { ...scripted({}, calls), refusal: () => refused };
    const cooldowns = new Cooldowns(() => 0);
    cooldowns.cool("g", undefined, 60_000, "rate-limit");
    const pool = testPool(
      [testAccount("g"), { ...testAccount("c"), kind: "openai" }],
      { gemini, openai: scripted({}, calls) },
      { cooldowns, catalog: testCatalog({ serves: (id) => id === "g" }) },
    );
    const biased = { ...request, settings: { logitBias: { "50256": -100 } } };
    await expect(pool.execute(biased, new AbortController().signal, { attempts: 0 })).rejects.toBe(refused);
    expect(calls).toEqual([]);
  });

  it("stops after max_attempts and answers with the last failure", async () => {
    const calls: string[] = [];
    const accounts = ["a", "b", "c", "d"].map((id) => testAccount(id));
    const pool = testPool(
      accounts,
      scripted({ a: [overloaded()], b: [overloaded()], c: [overloaded()] }, calls),
    );
    await expect(pool.execute(request, new AbortController().signal, { attempts: 0 })).rejects.toMatchObject({
      status: 502,
    });
    expect(calls).toEqual(["a", "b", "c"]);
  });

  it("prefers the account with fewer requests in flight", async () => {
    const calls: string[] = [];
    const pool = testPool([testAccount("a"), testAccount("b")], scripted({}, calls));
    const first = await pool.execute(request, new AbortController().signal, { attempts: 0 });
    const second = await pool.execute(request, new AbortController().signal, { attempts: 0 });
    expect([first.account.id, second.account.id]).toEqual(["a", "b"]);
    expect(pool.inFlightCount()).toBe(2);
    await drain(first.events);
    await drain(second.events);
    expect(pool.inFlightCount()).toBe(0);
  });

  it("an aborted request is not retried", async () => {
    const calls: string[] = [];
    const controller = new AbortController();
    const client: UpstreamClient = {
      // biome-ignore lint/correctness/useYield: fails before its first event
      async *generate(target) {
        calls.push(target.id);
        controller.abort(new Error("client gone"));
        throw new UpstreamError("aborted", { kind: "network" });
      },
      listModels: async () => [],
    };
    const pool = testPool([testAccount("a"), testAccount("b")], client);
    await expect(pool.execute(request, controller.signal, { attempts: 0 })).rejects.toThrow("client gone");
    expect(calls).toEqual(["a"]);
  });

  it("an upstream failure after the first event names the model and the account's kind", async () => {
    const cut = new UpstreamError("stream ended without a finish", { kind: "stream" });
    const client: UpstreamClient = {
      async *generate(): AsyncGenerator<GenerateEvent> {
        yield { type: "text-delta", candidate: 0, text: "par" };
        throw cut;
      },
      listModels: async () => [],
    };
    const cloudcode = { ...testAccount("a"), kind: "cloudcode" as const };
    const pool = testPool([cloudcode], { cloudcode: client });
    const result = await pool.execute(request, new AbortController().signal, { attempts: 0 });
    const failure = await drain(result.events).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AgateError);
    expect(failure).toMatchObject({ status: 502, code: "bad_upstream_response", cause: cut });
    expect((failure as Error).message).toBe(
      "The upstream failed for 'gemini-2.5-flash'. Upstream (Cloud Code) said: stream ended without a finish",
    );
    expect(pool.inFlightCount()).toBe(0);
  });

  it("a failure after the first event that is not the upstream's (the client left) passes as it is", async () => {
    const gone = new Error("client gone");
    const client: UpstreamClient = {
      async *generate(): AsyncGenerator<GenerateEvent> {
        yield { type: "text-delta", candidate: 0, text: "par" };
        throw gone;
      },
      listModels: async () => [],
    };
    const pool = testPool([testAccount("a")], client);
    const result = await pool.execute(request, new AbortController().signal, { attempts: 0 });
    expect(await drain(result.events).catch((error: unknown) => error)).toBe(gone);
  });
  it("events that show the client nothing (usage, empty deltas) do not commit: a failure after them rotates", async () => {
    const calls: string[] = [];
    const usage = { inputTokens: 5, outputTokens: 0, reasoningTokens: 0, cachedTokens: 0 };
    const client: UpstreamClient = {
      async *generate(target: Account): AsyncGenerator<GenerateEvent> {
        calls.push(target.id);
        if (target.id === "a") {
          yield { type: "usage", usage };
          yield { type: "text-delta", candidate: 0, text: "" };
          yield { type: "reasoning-delta", candidate: 0, text: "", signature: "sig" };
          throw new UpstreamError("upstream connection failed: other side closed", { kind: "network" });
        }
        yield { type: "usage", usage };
        yield { type: "reasoning-delta", candidate: 0, text: "", signature: "sig-b" };
        yield { type: "text-delta", candidate: 0, text: "from b" };
        yield { type: "finish", candidate: 0, reason: "stop" };
      },
      listModels: async () => [],
    };
    const pool = testPool([testAccount("a"), testAccount("b")], client);
    const result = await pool.execute({ ...request, stream: true }, new AbortController().signal, {
      attempts: 0,
    });
    expect(calls).toEqual(["a", "b"]);
    expect(result).toMatchObject({ attempts: 2, account: { id: "b" } });
    // What came before the first real output is kept, in order.
    expect(await drain(result.events)).toEqual([
      { type: "usage", usage },
      { type: "reasoning-delta", candidate: 0, text: "", signature: "sig-b" },
      { type: "text-delta", candidate: 0, text: "from b" },
      { type: "finish", candidate: 0, reason: "stop" },
    ]);
    expect(pool.inFlightCount()).toBe(0);
  });
});
