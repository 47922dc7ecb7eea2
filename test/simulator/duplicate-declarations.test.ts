import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Simulator } from "../../src/simulator/index.js";
import { accessToken, apiKey, call, geminiUrl, startQuietSimulator, userSays } from "./support.js";

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startQuietSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

const weather = { name: "get_weather", description: "Weather in a city" };
const time = { name: "get_time" };

const generate = (body: unknown, method = "generateContent") =>
  call(geminiUrl(simulator, "gemini-2.5-flash", method), { body, headers: apiKey });

const refusedFor = (name: string) => ({
  error: { code: 400, status: "INVALID_ARGUMENT", message: `Duplicate function declaration found: ${name}` },
});

describe("a function name declared twice, which Gemini refuses", () => {
  it("twice in one list, even alike: a 400 INVALID_ARGUMENT naming it", async () => {
    const answer = await generate(
      userSays("weather?", { tools: [{ functionDeclarations: [weather, time, weather] }] }),
    );
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject(refusedFor("get_weather"));
  });

  it("once in each of two tools: refused too, streamed or not", async () => {
    const body = userSays("time?", {
      tools: [
        { functionDeclarations: [time] },
        { functionDeclarations: [weather, { ...time, description: "Now" }] },
      ],
    });
    for (const method of ["generateContent", "streamGenerateContent"]) {
      const answer = await generate(body, method);
      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject(refusedFor("get_time"));
    }
  });

  it("each name once: answered", async () => {
    const answer = await generate(
      userSays("weather?", { tools: [{ functionDeclarations: [weather, time] }] }),
    );
    expect(answer.status).toBe(200);
  });

  it("Cloud Code refuses it in the same words", async () => {
    const answer = await call(`${simulator.url}/v1internal:generateContent`, {
      body: {
        model: "gemini-2.5-pro",
        project: "sim-project",
        request: userSays("weather?", { tools: [{ functionDeclarations: [weather, weather] }] }),
      },
      headers: { authorization: `Bearer ${await accessToken(simulator)}` },
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject(refusedFor("get_weather"));
  });
});
