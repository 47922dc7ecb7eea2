import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { createGateway } from "../../src/gateway.js";
import { faults, startSimulator } from "../../src/simulator/index.js";
import { sequentialIds } from "../helpers/gateway.js";
import { type Stack, startStack } from "../helpers/stack.js";
import { tempDir } from "../helpers/temp-dir.js";
import { testConfig } from "../helpers/test-config.js";
import { chat, get } from "./support.js";

const MAIN = new URL("../../dist/cli/main.js", import.meta.url).pathname;
const run = promisify(execFile);

interface StatsBody {
  group_by: string[];
  data: Record<string, unknown>[];
  total: Record<string, number>;
}

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

describe("GET /admin/stats after real requests", () => {
  it("sums requests, errors and tokens per hour and upstream model, and per day and account", async () => {
    stack = await startStack(2, { max_attempts: 1 });
    const answers = [
      await chat(stack, { model: "gpt-4o" }),
      await chat(stack, {
        model: "gemini-3.5-flash",
        messages: [{ role: "user", content: "a longer question" }],
      }),
      await chat(stack, { model: "gemini-2.5-pro" }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    stack.simulator.script({ respond: faults.serverError(500) });
    expect((await chat(stack, { model: "gemini-2.5-pro" })).status).toBe(502);
    const tokens = (answer: (typeof answers)[number]) =>
      answer.body.usage as { prompt_tokens: number; completion_tokens: number };

    const byModel = (await get(stack, "/admin/stats?from=1h&group_by=hour,model")).json() as StatsBody;
    expect(byModel.group_by).toEqual(["hour", "model"]);
    const flash = byModel.data.find((row) => row.model === "gemini-3.5-flash");
    const pro = byModel.data.find((row) => row.model === "gemini-2.5-pro");
    expect(flash).toMatchObject({
      requests: 2,
      errors: 0,
      prompt_tokens: tokens(answers[0]!).prompt_tokens + tokens(answers[1]!).prompt_tokens,
      completion_tokens: tokens(answers[0]!).completion_tokens + tokens(answers[1]!).completion_tokens,
    });
    expect(pro).toMatchObject({ requests: 2, errors: 1, prompt_tokens: tokens(answers[2]!).prompt_tokens });
    expect(flash?.period).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00:00\.000Z$/);
    expect(byModel.total).toMatchObject({ requests: 4, errors: 1 });

    const byAccount = (await get(stack, "/admin/stats?group_by=day,account")).json() as StatsBody;
    expect(byAccount.data.reduce((sum, row) => sum + Number(row.requests), 0)).toBe(4);
    const labels = byAccount.data.map((row) => row.account_label).sort();
    expect(labels.every((label) => label === "account1@test" || label === "account2@test")).toBe(true);

    const total = (await get(stack, "/admin/stats?group_by=total")).json() as StatsBody;
    expect(total.data).toEqual([expect.objectContaining({ requests: 4, errors: 1 })]);
  });

  it("does not count requests refused before routing, and refuses a bad query naming the parameter", async () => {
    stack = await startStack(1);
    await chat(stack, { messages: "nope" });
    const stats = (await get(stack, "/admin/stats")).json() as StatsBody;
    expect(stats.total.requests).toBe(0);
    const bad = await get(stack, "/admin/stats?group_by=week");
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ error: { param: "group_by", type: "invalid_request_error" } });
  });

  it("is guarded like the admin API: admin_key, never a client key", async () => {
    stack = await startStack(1, {
      admin_key: "admin-key-0123456789",
      api_keys: ["client-key-0123456789"],
      auth_mode: "all_except_health",
    });
    expect((await get(stack, "/admin/stats")).status).toBe(401);
    expect((await get(stack, "/admin/stats", { authorization: "Bearer client-key-0123456789" })).status).toBe(
      401,
    );
    expect((await get(stack, "/admin/stats", { "x-admin-key": "admin-key-0123456789" })).status).toBe(200);
  });
});

describe("agate stats", () => {
  it("prints the same numbers as /admin/stats from the store, as a table and as JSON", async () => {
    const home = tempDir("agate-stats-");
    const simulator = await startSimulator({ port: 0, quiet: true });
    try {
      const gateway = await createGateway(
        testConfig({
          data_dir: home,
          accounts: [
            { kind: "gemini", label: "stats@test", api_key: "sim-key-stats", base_url: simulator.url },
          ],
        }),
        { logger: false, ids: sequentialIds() },
      );
      await gateway.app.listen({ port: 0, host: "127.0.0.1" });
      const address = gateway.app.server.address();
      const url = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
      for (const model of ["gemini-2.5-flash", "gemini-2.5-flash", "gemini-2.5-pro"]) {
        const response = await fetch(`${url}/v1/chat/completions`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ model, messages: [{ role: "user", content: "hi" }] }),
        });
        expect(response.status).toBe(200);
      }
      const served = (await (await fetch(`${url}/admin/stats?group_by=day,model`)).json()) as StatsBody;
      await gateway.close();

      const env = { PATH: process.env.PATH ?? "", HOME: home, AGATE_HOME: home, AGATE_DATA_DIR: home };
      const json = await run(process.execPath, [MAIN, "stats", "--group-by", "day,model", "--json"], { env });
      const printed = JSON.parse(json.stdout) as StatsBody;
      expect(printed.data).toEqual(served.data);
      expect(printed.total).toEqual(served.total);

      const table = (await run(process.execPath, [MAIN, "stats", "-g", "model,account"], { env })).stdout;
      const lines = table.trim().split("\n");
      expect(lines[0]).toMatch(/^Usage from .* \(UTC\)$/);
      expect(lines[1]).toMatch(/^ACCOUNT\s+MODEL\s+REQUESTS\s+ERRORS\s+PROMPT\s+COMPLETION/);
      expect(lines.find((line) => line.includes("gemini-2.5-flash"))).toMatch(
        /^stats@test\s+gemini-2\.5-flash\s+2\s+0\s/,
      );
      expect(lines.at(-1)).toMatch(/^TOTAL\s+3\s+0\s/);
    } finally {
      await simulator.close();
    }
  });
});
