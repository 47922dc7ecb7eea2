import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Simulator, skipSignatureSentinel } from "../../src/simulator/index.js";
import { apiKey, call, geminiUrl, startQuietSimulator } from "./support.js";

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startQuietSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

const callTurn = {
  role: "model",
  parts: [
    { functionCall: { name: "read_file", args: { path: "a" } }, thoughtSignature: skipSignatureSentinel },
  ],
};
const responseTurn = {
  role: "user",
  parts: [{ functionResponse: { name: "read_file", response: { result: "text" } } }],
};
const question = { role: "user", parts: [{ text: "What is in a?" }] };
const followUp = { role: "user", parts: [{ text: "And now?" }] };

describe("Gemini's order of turns around a function call", () => {
  it.each(["gemini-2.5-flash", "gemini-3-pro-preview"])(
    "%s: a history that opens with the model's function call is a 400 INVALID_ARGUMENT",
    async (model) => {
      const answer = await call(geminiUrl(simulator, model, "generateContent"), {
        body: { contents: [callTurn, responseTurn, followUp] },
        headers: apiKey,
      });
      expect(answer.status).toBe(400);
      expect(answer.json).toMatchObject({
        error: {
          status: "INVALID_ARGUMENT",
          message: expect.stringContaining(
            "function call turn comes immediately after a user turn or after a function response turn",
          ),
        },
      });
    },
  );

  it("a function call after the user's turn is answered; so is a history that opens with model text", async () => {
    for (const contents of [
      [question, callTurn, responseTurn, followUp],
      [{ role: "model", parts: [{ text: "How can I help?" }] }, followUp],
    ]) {
      const answer = await call(geminiUrl(simulator, "gemini-3-pro-preview", "generateContent"), {
        body: { contents },
        headers: apiKey,
      });
      expect(answer.status).toBe(200);
    }
  });
});
