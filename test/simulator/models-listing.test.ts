import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../src/simulator/index.js";
import { apiKey, call, startQuietSimulator } from "./support.js";

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startQuietSimulator();
});
afterAll(() => simulator.close());

interface ModelList {
  models: { name: string; displayName: string; thinking: boolean; supportedGenerationMethods: string[] }[];
  nextPageToken?: string;
}

describe("GET /v1beta/models", () => {
  it("lists the default models in one page", async () => {
    const answer = await call(`${simulator.url}/v1beta/models`, { headers: apiKey });
    const list = answer.json as ModelList;
    expect(list.models.map((model) => model.name)).toEqual([
      "models/gemini-2.5-flash",
      "models/gemini-2.5-pro",
      "models/gemini-2.5-flash-lite",
      "models/gemini-3-pro-preview",
      "models/gemini-3-flash-preview",
      "models/gemini-3.5-flash",
      "models/gemini-3.1-flash-lite",
      "models/gemini-3.1-pro-preview",
    ]);
    expect(list.nextPageToken).toBeUndefined();
    expect(list.models[0]).toMatchObject({ thinking: true, inputTokenLimit: 1_048_576 });
    expect(list.models[0]?.supportedGenerationMethods).toContain("generateContent");
    expect(list.models[2]?.thinking).toBe(false);
  });

  it("pages with pageSize and nextPageToken until the last page", async () => {
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const query = `pageSize=2${token === undefined ? "" : `&pageToken=${token}`}`;
      const list = (await call(`${simulator.url}/v1beta/models?${query}`, { headers: apiKey }))
        .json as ModelList;
      names.push(...list.models.map((model) => model.name));
      token = list.nextPageToken;
      pages += 1;
    } while (token !== undefined);
    expect(pages).toBe(4);
    expect(names).toHaveLength(8);
  });

  it("refuses a forged page token with 400", async () => {
    const answer = await call(`${simulator.url}/v1beta/models?pageToken=garbage`, { headers: apiKey });
    expect(answer.status).toBe(400);
  });

  it("gets one model, and 404s an unknown one", async () => {
    const one = await call(`${simulator.url}/v1beta/models/gemini-2.5-pro`, { headers: apiKey });
    expect(one.json).toMatchObject({ name: "models/gemini-2.5-pro", displayName: "Gemini 2.5 Pro" });
    const missing = await call(`${simulator.url}/v1beta/models/nope`, { headers: apiKey });
    expect(missing.status).toBe(404);
  });

  it("lists custom models given at start", async () => {
    const custom = await startQuietSimulator({
      models: [{ id: "tiny", displayName: "Tiny", outputTokenLimit: 8 }],
    });
    try {
      const list = (await call(`${custom.url}/v1beta/models`, { headers: apiKey })).json as ModelList;
      expect(list.models).toEqual([expect.objectContaining({ name: "models/tiny", outputTokenLimit: 8 })]);
    } finally {
      await custom.close();
    }
  });
});
