import { describe, expect, it } from "vitest";
import type { RequestRecord } from "./request-record.js";
import {
  addBucket,
  bucketOf,
  DAY_MS,
  groupUsage,
  HOUR_MS,
  startOf,
  totalOf,
  type UsageBucket,
} from "./usage-rollup.js";

const DAY = Date.UTC(2025, 0, 31);

function record(overrides: Partial<RequestRecord> = {}): RequestRecord {
  return {
    id: "req_1",
    time: DAY + 10 * HOUR_MS + 5 * 60_000,
    method: "POST",
    route: "/v1/chat/completions",
    clientKey: null,
    requestedModel: "gpt-4o",
    mappedModel: "gemini-2.5-flash",
    accountId: "gemini-a",
    accountLabel: "a@test",
    attempts: 1,
    status: 200,
    errorCode: null,
    errorType: "none",
    ttfbMs: 40,
    totalMs: 120,
    overheadMs: 2,
    promptTokens: 10,
    completionTokens: 20,
    reasoningTokens: 5,
    cachedTokens: 3,
    stream: false,
    requestBody: null,
    responseBody: null,
    ...overrides,
  };
}

function bucket(hour: number, accountId: string, model: string, requests: number, errors = 0): UsageBucket {
  return {
    hour,
    accountId,
    model,
    requests,
    errors,
    promptTokens: requests * 10,
    completionTokens: requests * 20,
    reasoningTokens: 0,
    cachedTokens: 0,
    latencyMs: requests * 100,
  };
}

describe("startOf", () => {
  it("floors a time to its UTC hour and day", () => {
    const time = DAY + 13 * HOUR_MS + 59 * 60_000 + 59_999;
    expect(startOf(time, "hour")).toBe(DAY + 13 * HOUR_MS);
    expect(startOf(time, "day")).toBe(DAY);
    expect(startOf(DAY, "day")).toBe(DAY);
  });
});

describe("bucketOf", () => {
  it("puts a request in its (hour, account, upstream model) bucket with its tokens and latency", () => {
    expect(bucketOf(record())).toEqual({
      hour: DAY + 10 * HOUR_MS,
      accountId: "gemini-a",
      model: "gemini-2.5-flash",
      requests: 1,
      errors: 0,
      promptTokens: 10,
      completionTokens: 20,
      reasoningTokens: 5,
      cachedTokens: 3,
      latencyMs: 120,
    });
  });

  it("counts an error status, an error frame after the first byte, and a client that left", () => {
    expect(bucketOf(record({ status: 429, errorCode: "all_accounts_cooling" }))?.errors).toBe(1);
    expect(
      bucketOf(record({ errorCode: "bad_upstream_response", errorType: "upstream_error" }))?.errors,
    ).toBe(1);
    expect(bucketOf(record({ errorType: "client_closed" }))?.errors).toBe(1);
  });

  it("keeps a request that reached no account under the empty account", () => {
    expect(bucketOf(record({ accountId: null, status: 503 }))).toMatchObject({ accountId: "", errors: 1 });
  });

  it("leaves out a request refused before routing (no model)", () => {
    expect(bucketOf(record({ mappedModel: null, status: 400 }))).toBeUndefined();
  });
});

describe("addBucket", () => {
  it("sums requests of the same hour, account and model, and keeps the others apart", () => {
    const buckets = new Map<string, UsageBucket>();
    addBucket(buckets, bucket(DAY, "a", "m", 1));
    addBucket(buckets, bucket(DAY, "a", "m", 2, 1));
    addBucket(buckets, bucket(DAY, "b", "m", 1));
    addBucket(buckets, bucket(DAY + HOUR_MS, "a", "m", 1));
    expect(
      [...buckets.values()].map((entry) => [entry.accountId, entry.hour - DAY, entry.requests, entry.errors]),
    ).toEqual([
      ["a", 0, 3, 1],
      ["b", 0, 1, 0],
      ["a", HOUR_MS, 1, 0],
    ]);
  });

  it("does not change the bucket it was given", () => {
    const buckets = new Map<string, UsageBucket>();
    const first = bucket(DAY, "a", "m", 1);
    addBucket(buckets, first);
    addBucket(buckets, bucket(DAY, "a", "m", 1));
    expect(first.requests).toBe(1);
  });
});

describe("groupUsage", () => {
  const buckets = [
    bucket(DAY + 1 * HOUR_MS, "a", "flash", 2),
    bucket(DAY + 1 * HOUR_MS, "b", "pro", 1, 1),
    bucket(DAY + 5 * HOUR_MS, "a", "pro", 3),
    bucket(DAY + DAY_MS + 2 * HOUR_MS, "b", "flash", 4),
  ];

  it("by day: one row per day, everything summed", () => {
    const rows = groupUsage(buckets, { period: "day", by: [] }, DAY);
    expect(rows.map((row) => [row.period, row.requests, row.errors, row.promptTokens])).toEqual([
      [DAY, 6, 1, 60],
      [DAY + DAY_MS, 4, 0, 40],
    ]);
    expect(rows[0]).not.toHaveProperty("model");
    expect(rows[0]).not.toHaveProperty("accountId");
  });

  it("by hour and model: one row per hour that had traffic and model, sorted", () => {
    const rows = groupUsage(buckets, { period: "hour", by: ["model"] }, DAY);
    expect(rows.map((row) => [(row.period - DAY) / HOUR_MS, row.model, row.requests])).toEqual([
      [1, "flash", 2],
      [1, "pro", 1],
      [5, "pro", 3],
      [26, "flash", 4],
    ]);
  });

  it("by day and account", () => {
    const rows = groupUsage(buckets, { period: "day", by: ["account"] }, DAY);
    expect(rows.map((row) => [row.period, row.accountId, row.requests, row.latencyMs])).toEqual([
      [DAY, "a", 5, 500],
      [DAY, "b", 1, 100],
      [DAY + DAY_MS, "b", 4, 400],
    ]);
  });

  it("without a period: one row per key for the whole range, starting at the range's start", () => {
    const rows = groupUsage(buckets, { by: ["account", "model"] }, DAY - 7);
    expect(rows.map((row) => [row.period, row.accountId, row.model, row.requests])).toEqual([
      [DAY - 7, "a", "flash", 2],
      [DAY - 7, "a", "pro", 3],
      [DAY - 7, "b", "flash", 4],
      [DAY - 7, "b", "pro", 1],
    ]);
  });

  it("totals every row", () => {
    const total = totalOf(groupUsage(buckets, { period: "hour", by: ["model"] }, DAY));
    expect(total).toEqual({
      requests: 10,
      errors: 1,
      promptTokens: 100,
      completionTokens: 200,
      reasoningTokens: 0,
      cachedTokens: 0,
      latencyMs: 1000,
    });
  });

  it("of nothing is nothing", () => {
    expect(groupUsage([], { period: "day", by: ["model"] }, DAY)).toEqual([]);
    expect(totalOf([]).requests).toBe(0);
  });
});
