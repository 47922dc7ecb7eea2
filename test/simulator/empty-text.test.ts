import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../../src/simulator/index.js";
import { apiKey, call, geminiUrl, startQuietSimulator, userSays } from "./support.js";

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startQuietSimulator();
});
afterAll(() => simulator.close());

describe("Gemini's refusal of empty text", () => {
  it("a text part that is empty is a 400 INVALID_ARGUMENT, as Gemini answers it", async () => {
    const answer = await call(geminiUrl(simulator, "gemini-2.5-flash", "generateContent"), {
      body: userSays(""),
      headers: apiKey,
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({
      error: { status: "INVALID_ARGUMENT", message: expect.stringContaining("empty text parameter") },
    });
  });

  it("one space is answered, and so is an empty thought that carries a signature", async () => {
    for (const parts of [
      [{ text: " " }],
      [{ text: "hi" }, { text: "", thought: true, thoughtSignature: "c2ln" }],
    ]) {
      const answer = await call(geminiUrl(simulator, "gemini-2.5-flash", "generateContent"), {
        body: { contents: [{ role: "user", parts }] },
        headers: apiKey,
      });
      expect(answer.status).toBe(200);
    }
  });
});
