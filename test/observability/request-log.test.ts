import { afterEach, describe, expect, it } from "vitest";
import { RequestLogWriter } from "../../src/observability/request-log-writer.js";
import type { RequestRecord } from "../../src/observability/request-record.js";
import { openMemoryDatabase } from "../../src/store/database.js";
import { SqliteRequestLogRepository } from "../../src/store/request-log-repository.js";
import { SqliteUsageRepository, type UsageRepository } from "../../src/store/usage-repository.js";
import { type Stack, startStack } from "../helpers/stack.js";
import { chat, get, settle } from "./support.js";

interface Entry extends Record<string, unknown> {
  id: string;
}

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const CLIENT_KEY = "client-key-canary-0123456789";

describe("the request log", () => {
  it("keeps each request's fields, newest first, without bodies by default", async () => {
    stack = await startStack(1, {
      api_keys: ["other-key-0123456789", CLIENT_KEY],
      auth_mode: "all_except_health",
    });
    const auth = { authorization: `Bearer ${CLIENT_KEY}` };
    const json = await chat(stack, { model: "gpt-4o" }, auth);
    const streamed = await fetch(`${stack.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", ...auth },
      body: JSON.stringify({ model: "gpt-4o", stream: true, messages: [{ role: "user", content: "hi" }] }),
    });
    await streamed.text();
    const refused = await chat(stack, {});
    expect([json.status, streamed.status, refused.status]).toEqual([200, 200, 401]);
    await settle();

    const page = (await get(stack, "/admin/requests?limit=10")).json() as {
      data: Entry[];
      next: number | null;
    };
    expect(page.data.map((entry) => entry.status)).toEqual([401, 200, 200]);
    const [unauthorized, stream, plain] = page.data;
    const account = stack.gateway.accounts()[0];
    const usage = json.body.usage as { prompt_tokens: number; completion_tokens: number };
    expect(plain).toMatchObject({
      id: json.headers.get("x-request-id"),
      method: "POST",
      route: "/v1/chat/completions",
      client_key: expect.stringMatching(/^key-[0-9a-f]{8}$/),
      requested_model: "gpt-4o",
      mapped_model: "gemini-3.5-flash",
      account_id: account?.id,
      account_label: "account1@test",
      attempts: 1,
      status: 200,
      error_code: null,
      error_type: "none",
      prompt_tokens: usage.prompt_tokens,
      completion_tokens: usage.completion_tokens,
      stream: false,
    });
    expect(plain?.ttfb_ms).toEqual(expect.any(Number));
    expect(Number(plain?.total_ms)).toBeGreaterThanOrEqual(Number(plain?.ttfb_ms));
    expect(Date.parse(String(plain?.time))).toBeGreaterThan(Date.now() - 60_000);
    expect(stream).toMatchObject({ stream: true, status: 200, prompt_tokens: usage.prompt_tokens });
    expect(unauthorized).toMatchObject({
      status: 401,
      error_code: "invalid_api_key",
      error_type: "auth",
      client_key: null,
      requested_model: null,
      attempts: 0,
    });

    const one = (await get(stack, `/admin/requests/${String(plain?.id)}`)).json() as Entry;
    expect(one).toMatchObject({ id: plain?.id, request_body: null, response_body: null });
    expect((await get(stack, "/admin/requests/req_nope")).status).toBe(404);
    const all = JSON.stringify(page);
    expect(all).not.toContain("canary");
  });

  it("with log_bodies keeps both bodies, secrets redacted and cut at log_body_max_bytes", async () => {
    stack = await startStack(1, { log_bodies: true, log_body_max_bytes: 2_000 });
    const secret = "AIzaSyD-canary-canary-canary-canary-canary0";
    const answer = await chat(stack, {
      messages: [{ role: "user", content: `remember ${secret} and ${"long ".repeat(1_000)}` }],
    });
    await settle();
    const entry = (await get(stack, `/admin/requests/${answer.headers.get("x-request-id")}`)).json() as Entry;
    expect(String(entry.request_body)).toContain('"role":"user"');
    expect(String(entry.request_body)).not.toContain("canary");
    expect(String(entry.request_body)).toMatch(/…\[cut: \d+ more bytes\]$/);
    expect(String(entry.response_body)).toContain("chat.completion");
  });

  it("with log_bodies redacts the client keys, a named one too, from the bodies", async () => {
    stack = await startStack(1, {
      api_keys: ["other-key-0123456789", { key: CLIENT_KEY, name: "alice" }],
      auth_mode: "all_except_health",
      log_bodies: true,
    });
    const answer = await chat(
      stack,
      { messages: [{ role: "user", content: `my keys: ${CLIENT_KEY} other-key-0123456789` }] },
      { authorization: `Bearer ${CLIENT_KEY}` },
    );
    await settle();
    const entry = (await get(stack, `/admin/requests/${answer.headers.get("x-request-id")}`)).json() as Entry;
    expect(entry.client_key).toBe("alice");
    expect(String(entry.request_body)).toContain("my keys: ");
    expect(String(entry.request_body)).not.toContain("canary");
    expect(String(entry.request_body)).not.toContain("other-key");
  });

  it("records a client that left in the middle of a stream", async () => {
    stack = await startStack(1);
    stack.simulator.script({
      chunkDelayMs: 150,
      respond: { reply: { text: "one two three four five six seven eight nine ten eleven twelve" } },
    });
    const controller = new AbortController();
    const response = await fetch(`${stack.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o", stream: true, messages: [{ role: "user", content: "hi" }] }),
      signal: controller.signal,
    });
    await response.body?.getReader().read();
    controller.abort();
    await settle(300);
    const page = (await get(stack, "/admin/requests")).json() as { data: Entry[] };
    expect(page.data[0]).toMatchObject({ status: 200, error_type: "client_closed", stream: true });
    // The upstream was called for it, on an account, though the client left before its first word.
    expect(page.data[0]).toMatchObject({ attempts: 1, account_label: expect.any(String) });
  });

  it("records the attempt and account of a client that left while the upstream had not answered yet", async () => {
    stack = await startStack(1);
    stack.simulator.script({ delayMs: 400, respond: { reply: { text: "late" } } });
    const controller = new AbortController();
    const sent = fetch(`${stack.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o", stream: true, messages: [{ role: "user", content: "hi" }] }),
      signal: controller.signal,
    }).catch(() => undefined);
    await settle(150);
    controller.abort();
    await sent;
    await settle(600);
    const page = (await get(stack, "/admin/requests")).json() as { data: Entry[] };
    expect(page.data[0]).toMatchObject({
      error_type: "client_closed",
      attempts: 1,
      account_label: expect.any(String),
    });
  });

  it("streams each finished request to the live feed", async () => {
    stack = await startStack(1);
    const live = await fetch(`${stack.url}/admin/requests/live`);
    expect(live.headers.get("content-type")).toContain("text/event-stream");
    const reader = live.body?.getReader();
    const decoder = new TextDecoder();
    let text = "";
    const answer = await chat(stack, {});
    while (!text.includes("event: request")) {
      const chunk = await reader?.read();
      if (chunk === undefined || chunk.done === true) break;
      text += decoder.decode(chunk.value);
    }
    const data = /event: request\ndata: (.*)\n/.exec(text)?.[1];
    expect(JSON.parse(data ?? "{}")).toMatchObject({ id: answer.headers.get("x-request-id"), status: 200 });
    await reader?.cancel();
  });
});

describe("retention", () => {
  const DAY = 86_400_000;
  const record = (id: number, time: number): RequestRecord => ({
    id: `req_${id}`,
    time,
    method: "POST",
    route: "/v1/chat/completions",
    clientKey: null,
    requestedModel: "gpt-4o",
    mappedModel: "gemini-2.5-flash",
    accountId: "a",
    accountLabel: "a",
    attempts: 1,
    status: 200,
    errorCode: null,
    errorType: "none",
    ttfbMs: 1,
    totalMs: 2,
    overheadMs: 0,
    promptTokens: 1,
    completionTokens: 1,
    reasoningTokens: 0,
    cachedTokens: 0,
    stream: false,
    requestBody: null,
    responseBody: null,
  });

  function writer(now: number, maxRows: number, usage?: UsageRepository) {
    const db = openMemoryDatabase();
    const log = new SqliteRequestLogRepository(db);
    const onError = (error: unknown) => {
      throw error;
    };
    return {
      log,
      writer: new RequestLogWriter({
        log,
        usage: usage ?? new SqliteUsageRepository(db),
        together: (writes) => db.transaction(writes)(),
        now: () => now,
        retentionMs: 7 * DAY,
        maxRows,
        onError,
        pruneChunk: 50,
      }),
    };
  }

  it("deletes entries older than the retention, then beyond the row limit, oldest first", async () => {
    const now = Date.UTC(2025, 0, 31);
    const { log, writer: logWriter } = writer(now, 100);
    for (let index = 0; index < 80; index++) logWriter.add(record(index, now - 10 * DAY + index), true);
    for (let index = 80; index < 300; index++) logWriter.add(record(index, now - DAY + index), true);
    logWriter.flush();
    expect(log.count()).toBe(300);
    expect(await logWriter.prune()).toBe(200);
    expect(log.count()).toBe(100);
    const page = log.page(1_000);
    expect(page.records[0]?.id).toBe("req_299");
    expect(page.records.at(-1)?.id).toBe("req_200");
    logWriter.close();
  });

  it("finds old entries by their order, not by an index on time: a long request's entry goes too", async () => {
    const now = Date.UTC(2025, 0, 31);
    const { log, writer: logWriter } = writer(now, 1_000);
    for (let index = 0; index < 50; index++) logWriter.add(record(index, now - 9 * DAY + index), true);
    // A stream that arrived 9 days ago and ended after requests of 6 days ago: its row comes after theirs.
    logWriter.add(record(50, now - 6 * DAY), true);
    logWriter.add(record(51, now - 9 * DAY), true);
    for (let index = 52; index < 60; index++) logWriter.add(record(index, now - DAY), true);
    logWriter.flush();
    expect(await logWriter.prune()).toBe(51);
    expect(log.page(100).records.map((entry) => entry.id)).toEqual([
      ...Array.from({ length: 8 }, (_, index) => `req_${59 - index}`),
      "req_50",
    ]);
    expect(await logWriter.prune()).toBe(0);
    logWriter.close();
  });

  it("prunes a chunk at a time, letting the event loop run between chunks", async () => {
    const now = Date.UTC(2025, 0, 31);
    const { log, writer: logWriter } = writer(now, 1_000_000);
    for (let index = 0; index < 500; index++) logWriter.add(record(index, now - 30 * DAY), true);
    logWriter.flush();
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    const pruning = logWriter.prune();
    let between = 0;
    const counter = () => {
      between++;
      if (log.count() > 0) setImmediate(counter);
    };
    setImmediate(counter);
    expect(await pruning).toBe(500);
    clearInterval(ticker);
    expect(log.count()).toBe(0);
    expect(between).toBeGreaterThan(3);
    logWriter.close();
  });

  it("flushes by itself once 128 records wait, so no single flush holds the event loop long", () => {
    const now = Date.UTC(2025, 0, 31);
    const { log, writer: logWriter } = writer(now, 1_000);
    for (let index = 0; index < 127; index++) logWriter.add(record(index, now), true);
    expect(log.count()).toBe(0);
    logWriter.add(record(127, now), true);
    expect(log.count()).toBe(128);
    expect(logWriter.pending()).toHaveLength(0);
    logWriter.close();
  });

  it("writes a flush's log entries and usage in one transaction: a failed usage write leaves no entry either", () => {
    const now = Date.UTC(2025, 0, 31);
    const failing: UsageRepository = {
      add: () => {
        throw new Error("disk I/O error");
      },
      between: () => [],
      removeBefore: () => 0,
    };
    const { log, writer: logWriter } = writer(now, 100, failing);
    logWriter.add(record(1, now), true);
    logWriter.add(record(2, now), true);
    expect(() => logWriter.flush()).toThrow("disk I/O error");
    expect(log.count()).toBe(0);
  });

  it("writes nothing while the request is answered: records wait for the next flush", () => {
    const now = Date.UTC(2025, 0, 31);
    const { log, writer: logWriter } = writer(now, 100);
    logWriter.add(record(1, now), true);
    expect(log.count()).toBe(0);
    expect(logWriter.pending()).toHaveLength(1);
    logWriter.flush();
    expect(log.count()).toBe(1);
    logWriter.close();
  });
});

describe("the repository", () => {
  it("reads back every field as written, each column in its place", () => {
    const log = new SqliteRequestLogRepository(openMemoryDatabase());
    // Every value distinct, so that two columns swapped in the insert would show.
    const written: RequestRecord = {
      id: "req_roundtrip",
      time: 1_796_000_000_000,
      method: "POST",
      route: "/v1/responses",
      clientKey: "key-2",
      requestedModel: "gpt-4o",
      mappedModel: "gemini-2.5-pro",
      accountId: "acc-7",
      accountLabel: "work",
      attempts: 3,
      status: 429,
      errorCode: "rate_limit_exceeded",
      errorType: "upstream_rate_limit",
      ttfbMs: 12,
      totalMs: 34,
      overheadMs: 5,
      promptTokens: 101,
      completionTokens: 202,
      reasoningTokens: 44,
      cachedTokens: 55,
      stream: true,
      requestBody: '{"in":1}',
      responseBody: '{"out":2}',
    };
    log.append([written]);
    expect(log.find("req_roundtrip")).toEqual(written);
  });

  it("keeps the order and the values of each record when a flush writes several to a statement", () => {
    const log = new SqliteRequestLogRepository(openMemoryDatabase());
    // 37: two statements of 16 rows and one of 5; each record's values differ from its neighbours'.
    const written = Array.from(
      { length: 37 },
      (_, index): RequestRecord => ({
        id: `req_${index}`,
        time: 1_796_000_000_000 + index,
        method: index % 2 === 0 ? "POST" : "GET",
        route: `/v1/route-${index}`,
        clientKey: index % 3 === 0 ? null : `key-${index}`,
        requestedModel: `model-${index}`,
        mappedModel: index % 4 === 0 ? null : `gemini-${index}`,
        accountId: `acc-${index}`,
        accountLabel: `label-${index}`,
        attempts: index,
        status: 200 + index,
        errorCode: index % 5 === 0 ? `code-${index}` : null,
        errorType: "none",
        ttfbMs: index % 6 === 0 ? null : index + 1,
        totalMs: index + 2,
        overheadMs: index + 3,
        promptTokens: index + 4,
        completionTokens: index + 5,
        reasoningTokens: index + 6,
        cachedTokens: index + 7,
        stream: index % 2 === 1,
        requestBody: index % 7 === 0 ? `{"in":${index}}` : null,
        responseBody: index % 7 === 0 ? `{"out":${index}}` : null,
      }),
    );
    log.append(written.slice(0, 1));
    log.append(written.slice(1));
    expect(log.page(100).records).toEqual(written.toReversed());
  });
});
