import { afterEach, describe, expect, it } from "vitest";
import { generations, type PoolStack, startPoolStack } from "./support.js";

/**
 * A pool that mixes account kinds, as a team service runs one: a Gemini API-key account and a Cloud Code
 * account on the simulator, and an OpenAI-compatible server — a second agate on its own simulator (another
 * Google project), which serves `gemini-3-flash-preview` as gemini-2.5-flash (so it gives several choices).
 */
let back: PoolStack | undefined;
let front: PoolStack | undefined;
afterEach(async () => {
  await front?.close();
  await back?.close();
  front = undefined;
  back = undefined;
});

async function startMixed(compat: Record<string, unknown> = {}) {
  back = await startPoolStack({
    accounts: [{ kind: "gemini", label: "back", api_key: "back-key" }],
    config: {
      auth_mode: "strict",
      api_keys: ["upstream-secret"],
      model_mapping: { "gemini-3-flash-preview": "gemini-2.5-flash", "local-llama": "gemini-2.5-flash" },
    },
  });
  front = await startPoolStack({
    accounts: [
      { kind: "gemini", label: "gem", api_key: "key-1" },
      { kind: "cloudcode", label: "cc@example.com", refresh_token: "sim-refresh-cc" },
      {
        kind: "openai",
        label: "compat",
        base_url: `${back.url}/v1`,
        api_key: "upstream-secret",
        ...compat,
      },
    ],
  });
  return { back, front };
}

describe("a setting Gemini refuses, in a pool with an OpenAI-compatible account", () => {
  it("n: 2 on Gemini 3 is served by the account whose upstream takes it, not refused by the first pick", async () => {
    const { back, front } = await startMixed();
    const { data, response } = await front.client.chat.completions
      .create({ model: "gemini-3-flash-preview", n: 2, messages: [{ role: "user", content: "two ways" }] })
      .withResponse();
    expect(data.choices.map((choice) => choice.index)).toEqual([0, 1]);
    expect(response.headers.get("x-account-email")).toBe("compat");
    expect(response.headers.get("x-agate-attempts")).toBe("1");
    expect(response.headers.get("x-mapped-model")).toBe("gemini-3-flash-preview");
    // Neither Gemini account was called; the compatible server was asked for two choices.
    expect(generations(front.simulator)).toEqual([]);
    expect(generations(back.simulator).at(-1)?.body).toMatchObject({
      generationConfig: { candidateCount: 2 },
    });
  });
});
