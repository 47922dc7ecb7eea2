import { afterEach, describe, expect, it } from "vitest";
import { defaultModels, faults, startSimulator } from "../../src/simulator/index.js";
import { type Stack, startStack } from "../helpers/stack.js";
import { type PoolStack, startPoolStack } from "../pool/support.js";
import { chat, get, seriesValue, settle } from "./support.js";

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const CHAT = 'route="/v1/chat/completions"';

describe("GET /metrics after real requests", () => {
  it("counts requests by route, status and error type, attempts, latencies and tokens", async () => {
    stack = await startStack(1);
    const ok = await chat(stack, {});
    expect(ok.status).toBe(200);
    const usage = ok.body.usage as { prompt_tokens: number; completion_tokens: number };
    const bad = await chat(stack, { messages: "nope" });
    expect(bad.status).toBe(400);
    const second = await chat(stack, {});
    expect(second.status).toBe(200);
    const streamed = await chat(stack, { stream: true });
    expect(streamed.status).toBe(200);
    await settle();
    const metrics = (await get(stack, "/metrics")).text;
    const account = stack.gateway.accounts()[0]?.id ?? "";

    expect(seriesValue(metrics, `agate_requests_total{${CHAT},status="200",error_type="none"}`)).toBe(3);
    expect(seriesValue(metrics, `agate_requests_total{${CHAT},status="400",error_type="bad_request"}`)).toBe(
      1,
    );
    expect(seriesValue(metrics, `agate_upstream_attempts_total{${CHAT}}`)).toBe(3);
    expect(seriesValue(metrics, `agate_request_duration_seconds_count{${CHAT},stream="false"}`)).toBe(3);
    expect(seriesValue(metrics, `agate_time_to_first_byte_seconds_count{${CHAT},stream="false"}`)).toBe(3);
    expect(seriesValue(metrics, `agate_request_duration_seconds_count{${CHAT},stream="true"}`)).toBe(1);
    expect(seriesValue(metrics, `agate_time_to_first_byte_seconds_count{${CHAT},stream="true"}`)).toBe(1);
    expect(seriesValue(metrics, `agate_overhead_seconds_count{${CHAT}}`)).toBe(3);
    // The same question three times (the stream's usage is the same as the JSON answers').
    expect(seriesValue(metrics, 'agate_tokens_total{model="gemini-2.5-flash",type="prompt"}')).toBe(
      3 * usage.prompt_tokens,
    );
    expect(seriesValue(metrics, 'agate_tokens_total{model="gemini-2.5-flash",type="completion"}')).toBe(
      3 * usage.completion_tokens,
    );
    expect(seriesValue(metrics, `agate_account_state{account="${account}",kind="gemini",state="up"}`)).toBe(
      1,
    );
    expect(
      seriesValue(metrics, `agate_account_state{account="${account}",kind="gemini",state="cooling"}`),
    ).toBe(0);
    expect(seriesValue(metrics, `agate_account_in_flight{account="${account}"}`)).toBe(0);
  });

  it("tells agate's own 429 (every account cooling) from the upstream's, and counts the cool-down", async () => {
    stack = await startStack(1, { max_attempts: 1 });
    stack.simulator.script({ respond: faults.rateLimitPerMinute("30s") });
    expect((await chat(stack, {})).status).toBe(429);
    const ours = await chat(stack, {});
    expect(ours.status).toBe(429);
    expect((ours.body.error as { code: string }).code).toBe("all_accounts_cooling");
    await settle();
    const metrics = (await get(stack, "/metrics")).text;
    const account = stack.gateway.accounts()[0]?.id ?? "";
    expect(
      seriesValue(metrics, `agate_requests_total{${CHAT},status="429",error_type="upstream_rate_limit"}`),
    ).toBe(1);
    expect(
      seriesValue(metrics, `agate_requests_total{${CHAT},status="429",error_type="agate_rate_limit"}`),
    ).toBe(1);
    expect(seriesValue(metrics, `agate_cooldowns_total{account="${account}",reason="rate-limit"}`)).toBe(1);
    expect(
      seriesValue(metrics, `agate_account_state{account="${account}",kind="gemini",state="cooling"}`),
    ).toBe(1);
  });

  it("counts retries and sticky-session hits", async () => {
    stack = await startStack(2);
    stack.simulator.script({ respond: faults.serverError() });
    const session = { "x-session-id": "conversation-1" };
    expect((await chat(stack, {}, session)).status).toBe(200);
    expect((await chat(stack, {}, session)).status).toBe(200);
    await settle();
    const metrics = (await get(stack, "/metrics")).text;
    expect(seriesValue(metrics, 'agate_sticky_sessions_total{result="new"}')).toBe(1);
    expect(seriesValue(metrics, 'agate_sticky_sessions_total{result="hit"}')).toBe(1);
    expect(seriesValue(metrics, `agate_upstream_retries_total{${CHAT}}`)).toBeGreaterThanOrEqual(1);
  });

  it("holds no secret and no free text in any label", async () => {
    stack = await startStack(1, { api_keys: ["client-key-canary-123456"], auth_mode: "all_except_health" });
    await chat(stack, {}, { authorization: "Bearer client-key-canary-123456" });
    await chat(
      stack,
      { model: "a model name with spaces and {braces}" },
      {
        authorization: "Bearer client-key-canary-123456",
      },
    );
    await settle();
    const metrics = (await get(stack, "/metrics")).text;
    expect(metrics).not.toContain("canary");
    expect(metrics).not.toContain("sim-key");
    expect(metrics).not.toContain("account1@test");
    expect(metrics).not.toContain("spaces and");
  });

  it("is guarded like the admin API unless metrics_public is on", async () => {
    stack = await startStack(1, { admin_key: "admin-key-0123456789" });
    expect((await get(stack, "/metrics")).status).toBe(401);
    expect((await get(stack, "/metrics", { authorization: "Bearer admin-key-0123456789" })).status).toBe(200);
    await stack.close();
    stack = await startStack(1, { admin_key: "admin-key-0123456789", metrics_public: true });
    const open = await get(stack, "/metrics");
    expect(open.status).toBe(200);
    expect(open.headers.get("content-type")).toContain("text/plain");
  });

  it("reports the quota left per account and model that Cloud Code gives", async () => {
    const simulator = await startSimulator({
      quiet: true,
      models: defaultModels.map((model) =>
        model.id === "gemini-2.5-pro" ? { ...model, remainingFraction: 0.25 } : model,
      ),
    });
    let pool: PoolStack | undefined;
    try {
      pool = await startPoolStack({
        simulator,
        accounts: [{ kind: "cloudcode", label: "quota@cc", refresh_token: "sim-refresh-quota" }],
      });
      await pool.gateway.catalog.refreshQuotaAccounts();
      await settle();
      const account = pool.gateway.accounts()[0]?.id ?? "";
      const metrics = await (await fetch(`${pool.url}/metrics`)).text();
      expect(
        seriesValue(
          metrics,
          `agate_account_quota_remaining_ratio{account="${account}",model="gemini-2.5-pro"}`,
        ),
      ).toBe(0.25);
      const overview = (await (await fetch(`${pool.url}/admin/overview`)).json()) as {
        accounts: { quota: { model: string; remaining_fraction: number }[] }[];
      };
      expect(overview.accounts[0]?.quota).toContainEqual(
        expect.objectContaining({ model: "gemini-2.5-pro", remaining_fraction: 0.25 }),
      );
    } finally {
      await pool?.close();
      await simulator.close();
    }
  });
});
