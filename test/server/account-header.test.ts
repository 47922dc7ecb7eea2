import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { sequentialIds } from "../helpers/gateway.js";
import { testConfig } from "../helpers/test-config.js";
import { listenOnLoopback } from "./support.js";

/**
 * An account label is free text (`accounts add --label`, an imported email, the admin API), and so is a
 * model_mapping target (the config file, the admin API), but a header value is Latin-1: a label such as
 * "工作账号" must not turn every answer of that account into a 500 (or a stream that never answers).
 */
describe("header values beyond Latin-1 (an account label, a mapped model)", () => {
  const LABEL = "工作账号 ✓";
  let simulator: Simulator;
  let gateway: Gateway;
  let base: string;
  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, quiet: true });
    const accounts = [{ kind: "gemini", label: LABEL, api_key: "sim-key-1", base_url: simulator.url }];
    const model_mapping = { "my-model": "模型" };
    gateway = await createGateway(testConfig({ accounts, model_mapping }), {
      logger: false,
      inMemoryStore: true,
      ids: sequentialIds(),
    });
    base = `http://127.0.0.1:${await listenOnLoopback(gateway.app)}`;
  });
  afterAll(async () => {
    await gateway.close();
    await simulator.close();
  });

  it.each([false, true])("stream: %s → 200 with the label percent-encoded", async (stream) => {
    const response = await fetch(`${base}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o", stream, messages: [{ role: "user", content: "hi" }] }),
      signal: AbortSignal.timeout(5_000),
    });
    expect(response.status).toBe(200);
    const header = response.headers.get("x-account-email");
    expect(header).toMatch(/^[\x20-\x7e]+$/);
    expect(decodeURIComponent(header ?? "")).toBe(LABEL);
    expect(await response.text()).toContain("You said: hi");
  });

  it.each([false, true])(
    "a model_mapping target beyond Latin-1 (stream: %s) → the upstream's 404 in the OpenAI shape",
    async (stream) => {
      const response = await fetch(`${base}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "my-model", stream, messages: [{ role: "user", content: "hi" }] }),
        signal: AbortSignal.timeout(5_000),
      });
      expect(response.status).toBe(404);
      expect(decodeURIComponent(response.headers.get("x-mapped-model") ?? "")).toBe("模型");
      const body = (await response.json()) as { error?: { code?: unknown } };
      expect(Object.keys(body)).toEqual(["error"]);
      expect(body.error?.code).toBe("model_not_found");
    },
  );
});
