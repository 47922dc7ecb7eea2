import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../src/simulator/index.js";
import { apiKey, call, geminiUrl, startQuietSimulator, userSays } from "./support.js";

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startQuietSimulator();
});
afterAll(() => simulator.close());

const withThinking = (thinkingConfig: Record<string, unknown>) =>
  userSays("hi", { generationConfig: { thinkingConfig } });

const send = (model: string, thinkingConfig: Record<string, unknown>) =>
  call(geminiUrl(simulator, model, "generateContent"), {
    body: withThinking(thinkingConfig),
    headers: apiKey,
  });

describe("thinking levels, as Gemini takes and refuses them", () => {
  it("the current models answer, with thoughts and a signature (Gemini 3 signs its answers)", async () => {
    for (const model of ["gemini-3.5-flash", "gemini-3.1-flash-lite", "gemini-3.1-pro-preview"]) {
      const answer = await send(model, { thinkingLevel: "high", includeThoughts: true });
      expect(answer.status, model).toBe(200);
      const parts = (answer.json as { candidates: { content: { parts: Record<string, unknown>[] } }[] })
        .candidates[0]?.content.parts;
      // On the answer's last part, not on the thought.
      expect(parts?.[0], model).toMatchObject({ thought: true });
      expect(parts?.[0]?.thoughtSignature, model).toBeUndefined();
      expect(parts?.at(-1), model).toMatchObject({ thoughtSignature: expect.any(String) });
      expect(parts?.at(-1)?.text, model).toContain(`(${model})`);
    }
  });

  it.each([
    ["gemini-3.5-flash", ["minimal", "low", "medium", "high"]],
    ["gemini-3.1-flash-lite", ["minimal", "low", "medium", "high"]],
    ["gemini-3-flash-preview", ["minimal", "low", "medium", "high"]],
    ["gemini-3.1-pro-preview", ["low", "medium", "high"]],
    ["gemini-3-pro-preview", ["low", "high"]],
  ])("%s takes %j and refuses the other levels", async (model, levels) => {
    for (const level of ["minimal", "low", "medium", "high"]) {
      const answer = await send(model, { thinkingLevel: level });
      if (levels.includes(level)) {
        expect(answer.status, `${model} ${level}`).toBe(200);
        continue;
      }
      expect(answer.status, `${model} ${level}`).toBe(400);
      expect(answer.json).toMatchObject({
        error: {
          status: "INVALID_ARGUMENT",
          message: `Thinking level ${level.toUpperCase()} is not supported for this model. Please retry with other thinking level.`,
        },
      });
    }
  });

  it("a Gemini 3 Pro given without its levels takes the default one's; another Gemini 3, any level", async () => {
    const given = await startQuietSimulator({
      models: [
        { id: "gemini-3-pro-preview", thinking: true },
        { id: "gemini-3-flash-preview", thinking: true },
      ],
    });
    try {
      const sendTo = (model: string, level: string) =>
        call(geminiUrl(given, model, "generateContent"), {
          body: withThinking({ thinkingLevel: level }),
          headers: apiKey,
        });
      const statuses = async (model: string) => {
        const found: number[] = [];
        for (const level of ["minimal", "low", "medium", "high"])
          found.push((await sendTo(model, level)).status);
        return found;
      };
      expect(await statuses("gemini-3-pro-preview")).toEqual([400, 200, 400, 200]);
      expect(await statuses("gemini-3-flash-preview")).toEqual([200, 200, 200, 200]);
      // An id the simulator does not list: a level it lacks is refused by the same rule, else not found.
      expect(await statuses("gemini-3-pro-unlisted")).toEqual([400, 404, 400, 404]);
    } finally {
      await given.close();
    }
  });

  it("Gemini 2.5 refuses any thinking level (it takes a budget)", async () => {
    const answer = await send("gemini-2.5-flash", { thinkingLevel: "low" });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      error: { status: "INVALID_ARGUMENT", message: "Thinking level is not supported for this model." },
    });
    expect((await send("gemini-2.5-flash", { thinkingBudget: 1024 })).status).toBe(200);
  });

  it("a budget and a level together are refused", async () => {
    const answer = await send("gemini-3.5-flash", { thinkingLevel: "low", thinkingBudget: 1024 });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      error: {
        status: "INVALID_ARGUMENT",
        message: "thinking_budget and thinking_level are not supported together.",
      },
    });
  });
});
