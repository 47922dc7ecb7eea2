import { afterEach, describe, expect, it } from "vitest";
import { faults } from "../../src/simulator/index.js";
import { type PoolStack, startPoolStack } from "../pool/support.js";
import { type Answer, call, chat, errorOf } from "./support.js";

const stacks: PoolStack[] = [];
afterEach(async () => {
  for (const stack of stacks.splice(0)) await stack.close();
});

async function stack(): Promise<PoolStack> {
  const started = await startPoolStack({
    accounts: [{ kind: "gemini", label: "declared", api_key: "key-declared" }],
  });
  stacks.push(started);
  return started;
}

const view = (answer: Answer) => answer.json as Record<string, unknown> & { id: string; state: string };

describe("admin API: accounts", () => {
  it("adds (201), refuses duplicates (409) and bad input (400), lists, shows, never returns a secret", async () => {
    const { url, simulator } = await stack();
    const body = { kind: "gemini", label: "added", api_key: "sim-admin-key-0001", base_url: simulator.url };
    const added = await call(url, "POST", "/admin/accounts", { body });
    expect(added.status).toBe(201);
    expect(view(added)).toMatchObject({
      object: "account",
      kind: "gemini",
      label: "added",
      source: "store",
      state: "active",
      fingerprint: expect.stringMatching(/^sha256:[0-9a-f]{8}$/),
    });
    const duplicate = await call(url, "POST", "/admin/accounts", { body: { ...body, label: "again" } });
    expect(duplicate.status).toBe(409);
    expect(errorOf(duplicate).code).toBe("account_exists");
    const bad = await call(url, "POST", "/admin/accounts", {
      body: { kind: "gemini", api_key: "has spaces in it" },
    });
    expect(bad.status).toBe(400);
    expect(errorOf(bad)).toMatchObject({ code: "invalid_account", param: "api_key" });
    const missing = await call(url, "POST", "/admin/accounts", { body: { kind: "cloudcode" } });
    expect(errorOf(missing)).toMatchObject({ code: "invalid_account", param: "refresh_token" });
    const kind = await call(url, "POST", "/admin/accounts", { body: { kind: "bard", api_key: "x" } });
    expect(errorOf(kind)).toMatchObject({ code: "invalid_account" });

    const list = await call(url, "GET", "/admin/accounts");
    expect(list.json.object).toBe("list");
    const data = list.json.data as { label: string; source: string; in_flight: number }[];
    expect(data.map((account) => [account.label, account.source, account.in_flight])).toEqual([
      ["declared", "config", 0],
      ["added", "store", 0],
    ]);
    expect((await call(url, "GET", "/admin/accounts/added")).json).toMatchObject({ id: view(added).id });
    expect(JSON.stringify(list.json)).not.toContain("sim-admin-key-0001");
    expect(JSON.stringify(list.json)).not.toContain("key-declared");
  });

  it("refuses a label another account has (409 label_in_use, param label), so labels stay unambiguous", async () => {
    const { url, simulator } = await stack();
    const first = await call(url, "POST", "/admin/accounts", {
      body: { kind: "gemini", label: "team", api_key: "sim-admin-key-0003", base_url: simulator.url },
    });
    expect(first.status).toBe(201);
    for (const label of ["team", "declared"]) {
      const again = await call(url, "POST", "/admin/accounts", {
        body: { kind: "gemini", label, api_key: "sim-admin-key-0004", base_url: simulator.url },
      });
      expect(again.status).toBe(409);
      expect(errorOf(again)).toMatchObject({
        type: "invalid_request_error",
        code: "label_in_use",
        param: "label",
      });
      expect(errorOf(again).message).toContain(`'${label}'`);
    }
    expect((await call(url, "GET", "/admin/accounts")).json.data).toHaveLength(2);
    const disabled = await call(url, "POST", "/admin/accounts/team/disable");
    expect(disabled.status).toBe(200);
    expect(view(disabled).id).toBe(view(first).id);
  });

  it("an added account serves the next request; disable/enable/remove take effect at once", async () => {
    const { url, simulator } = await stack();
    await call(url, "POST", "/admin/accounts", {
      body: { kind: "gemini", label: "added", api_key: "sim-admin-key-0002", base_url: simulator.url },
    });
    const off = await call(url, "POST", "/admin/accounts/declared/disable", {
      body: { reason: "maintenance" },
    });
    expect(view(off)).toMatchObject({
      state: "disabled",
      disabled_reason: "turned off by its owner: maintenance",
    });
    expect((await chat(url, "gemini-2.5-flash")).account).toBe("added");
    expect((await chat(url, "gemini-2.5-flash")).account).toBe("added");

    await call(url, "POST", "/admin/accounts/added/disable");
    const none = await chat(url, "gemini-2.5-flash");
    expect(none.status).toBe(503);
    expect((await call(url, "POST", "/admin/accounts/declared/enable")).json).toMatchObject({
      state: "active",
    });
    expect((await chat(url, "gemini-2.5-flash")).account).toBe("declared");

    const removed = await call(url, "DELETE", "/admin/accounts/added");
    expect(removed.json).toEqual({ id: expect.stringMatching(/^gemini-/), object: "account", deleted: true });
    const gone = await call(url, "GET", "/admin/accounts/added");
    expect(gone.status).toBe(404);
    expect(errorOf(gone)).toMatchObject({ code: "account_not_found", param: "id" });
    const declared = await call(url, "DELETE", "/admin/accounts/declared");
    expect(declared.status).toBe(409);
    expect(errorOf(declared).code).toBe("account_declared_in_config");
  });

  it("clears a cool-down: the rested account serves again at once", async () => {
    const { url, simulator } = await stack();
    await call(url, "POST", "/admin/accounts", {
      body: { kind: "gemini", label: "spare", api_key: "sim-admin-key-0003", base_url: simulator.url },
    });
    simulator.script({ match: { apiKey: "key-declared" }, respond: faults.rateLimitPerMinute("600s") });
    await call(url, "POST", "/admin/accounts/spare/disable");
    expect((await chat(url, "gemini-2.5-flash")).status).toBe(429);
    await call(url, "POST", "/admin/accounts/spare/enable");
    expect(await chat(url, "gemini-2.5-flash")).toMatchObject({ status: 200, account: "spare" });
    const cooling = await call(url, "GET", "/admin/accounts/declared");
    expect(view(cooling)).toMatchObject({
      state: "cooling",
      cooldowns: [{ model: "gemini-2.5-flash", until: expect.any(String), reason: "rate-limit" }],
    });

    await call(url, "POST", "/admin/accounts/spare/disable");
    const resting = await chat(url, "gemini-2.5-flash");
    expect(resting.status).toBe(429);
    expect((resting.json.error as { code: string }).code).toBe("all_accounts_cooling");
    const cleared = await call(url, "DELETE", "/admin/accounts/declared/cooldowns?model=gemini-2.5-flash");
    expect(cleared.json).toMatchObject({
      object: "cooldowns.cleared",
      cleared: 1,
      account: { state: "active", cooldowns: [] },
    });
    const served = await chat(url, "gemini-2.5-flash");
    expect(served).toMatchObject({ status: 200, account: "declared" });
  });
});
