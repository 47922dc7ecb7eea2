import { afterEach, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { tempDir } from "../helpers/temp-dir.js";
import { type PoolStack, startPoolStack } from "../pool/support.js";
import { call, chat, errorOf } from "./support.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const ADMIN_KEY = "admin-key-for-mapping-tests";
const admin = { authorization: `Bearer ${ADMIN_KEY}` };
const CONFIG = {
  model_mapping: { "from-file": "gemini-2.5-pro" },
  admin_key: ADMIN_KEY,
  api_keys: ["client-key-for-mapping-tests"],
};

async function setup(): Promise<{ simulator: Simulator; dir: string; start: () => Promise<PoolStack> }> {
  const simulator = await startSimulator({ quiet: true });
  const dir = tempDir("agate-pool-");
  cleanups.push(() => simulator.close());
  const start = async () => {
    const stack = await startPoolStack({
      simulator,
      dataDir: dir,
      accounts: [{ kind: "gemini", label: "acct", api_key: "key-1" }],
      config: CONFIG,
    });
    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= stack.close();
      return closing;
    };
    cleanups.push(close);
    return { ...stack, close };
  };
  return { simulator, dir, start };
}

describe("admin API: model_mapping at run time", () => {
  it("a change takes effect on the next request, without a restart, and survives one", async () => {
    const { start } = await setup();
    const stack = await start();
    const initial = await call(stack.url, "GET", "/admin/model-mapping", { headers: admin });
    expect(initial.json).toEqual({
      object: "model_mapping",
      model_mapping: { "from-file": "gemini-2.5-pro" },
      config_file: { "from-file": "gemini-2.5-pro" },
      overrides: {},
    });
    expect((await chat(stack.url, "team-model")).mapped).toBe("team-model");

    const patched = await call(stack.url, "PATCH", "/admin/model-mapping", {
      headers: admin,
      body: { "team-model": "gemini-2.5-flash", "team-*": "gemini-2.5-pro", "from-file": null },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({
      model_mapping: { "team-model": "gemini-2.5-flash", "team-*": "gemini-2.5-pro" },
      overrides: { "from-file": null, "team-model": "gemini-2.5-flash", "team-*": "gemini-2.5-pro" },
    });
    const served = await chat(stack.url, "team-model");
    expect(served).toMatchObject({ status: 200, mapped: "gemini-2.5-flash" });
    expect((await chat(stack.url, "team-other")).mapped).toBe("gemini-2.5-pro");
    expect((await chat(stack.url, "from-file")).mapped).toBe("from-file");
    const models = await call(stack.url, "GET", "/v1/models");
    expect((models.json.data as { id: string }[]).map((model) => model.id)).toContain("team-model");
    const config = await call(stack.url, "GET", "/admin/config", { headers: admin });
    expect(config.json.model_mapping).toEqual(patched.json.model_mapping);

    await stack.close();
    const restarted = await start();
    expect((await chat(restarted.url, "team-model")).mapped).toBe("gemini-2.5-flash");

    const replaced = await call(restarted.url, "PUT", "/admin/model-mapping", {
      headers: admin,
      body: { only: "gemini-2.5-pro" },
    });
    expect(replaced.json).toMatchObject({
      model_mapping: { only: "gemini-2.5-pro" },
      overrides: { "from-file": null, only: "gemini-2.5-pro" },
    });
    expect((await chat(restarted.url, "team-model")).mapped).toBe("team-model");
    const reset = await call(restarted.url, "DELETE", "/admin/model-mapping", { headers: admin });
    expect(reset.json).toMatchObject({ model_mapping: { "from-file": "gemini-2.5-pro" }, overrides: {} });
    expect((await chat(restarted.url, "from-file")).mapped).toBe("gemini-2.5-pro");
  });

  it("refuses a body that is not a mapping, naming the entry; takes application/merge-patch+json", async () => {
    const { start } = await setup();
    const stack = await start();
    const notObject = await call(stack.url, "PUT", "/admin/model-mapping", { headers: admin, body: ["a"] });
    expect(notObject.status).toBe(400);
    expect(errorOf(notObject).code).toBe("invalid_model_mapping");
    const badEntry = await call(stack.url, "PATCH", "/admin/model-mapping", {
      headers: admin,
      body: { x: 5 },
    });
    expect(errorOf(badEntry)).toMatchObject({ code: "invalid_model_mapping", param: "model_mapping.x" });
    const empty = await call(stack.url, "PUT", "/admin/model-mapping", { headers: admin, body: { y: "" } });
    expect(errorOf(empty).param).toBe("model_mapping.y");
    const mergePatch = await fetch(`${stack.url}/admin/model-mapping`, {
      method: "PATCH",
      headers: { ...admin, "content-type": "application/merge-patch+json" },
      body: JSON.stringify({ z: "gemini-2.5-pro" }),
    });
    expect(mergePatch.status).toBe(200);
    expect(((await mergePatch.json()) as { model_mapping: object }).model_mapping).toHaveProperty("z");
  });

  it("GET /admin/config shows the configuration in force with every secret masked", async () => {
    const { start } = await setup();
    const stack = await start();
    const answer = await call(stack.url, "GET", "/admin/config", { headers: admin });
    expect(answer.status).toBe(200);
    const text = JSON.stringify(answer.json);
    for (const secret of [ADMIN_KEY, "client-key-for-mapping-tests", "agate-test-secret"])
      expect(text).not.toContain(secret);
    expect(answer.json).toMatchObject({
      admin_key: "****ests",
      accounts: [{ kind: "gemini", label: "acct", api_key: "****" }],
      model_mapping: { "from-file": "gemini-2.5-pro" },
      accounts_reload_ms: 2000,
    });
  });
});
