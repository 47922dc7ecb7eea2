import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { GenerateContentResponse, Simulator } from "../../src/simulator/index.js";
import { apiKey, call, geminiUrl, sseData, startQuietSimulator, userSays } from "./support.js";

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startQuietSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

const both = { tools: [{ functionDeclarations: [{ name: "lookup" }] }, { googleSearch: {} }] };
const circulated = { ...both, toolConfig: { includeServerSideToolInvocations: true } };

const generate = (model: string, body: unknown, method = "generateContent") =>
  call(geminiUrl(simulator, model, method), { body, headers: apiKey });

describe("Google Search beside function declarations, as the Gemini API takes it", () => {
  it("before Gemini 3 the two together are refused, and so is the flag that would show its calls", async () => {
    const refused = await generate("gemini-2.5-flash", userSays("news?", both));
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({
      error: {
        status: "INVALID_ARGUMENT",
        message: "Tool use with function calling is unsupported by the model.",
      },
    });
    const flagged = await generate("gemini-2.5-pro", userSays("news?", circulated));
    expect(flagged.status).toBe(400);
    expect(flagged.json).toMatchObject({
      error: { message: "Tool call context circulation is not enabled for models/gemini-2.5-pro" },
    });
  });

  it("Gemini 3 wants includeServerSideToolInvocations for the two together", async () => {
    const refused = await generate("gemini-3.5-flash", userSays("news?", both));
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({
      error: { message: expect.stringContaining("include_server_side_tool_invocations") },
    });
    const searchOnly = await generate(
      "gemini-2.5-flash",
      userSays("news?", { tools: [{ googleSearch: {} }] }),
    );
    expect(searchOnly.status).toBe(200);
  });

  it("with it, Gemini 3 grounds and shows its search as toolCall and toolResponse parts before the text", async () => {
    const answer = await generate("gemini-3.5-flash", userSays("Who won Euro 2024?", circulated));
    expect(answer.status).toBe(200);
    const candidate = (answer.json as GenerateContentResponse).candidates?.[0];
    const parts = candidate?.content.parts ?? [];
    expect(parts[0]).toEqual({
      toolCall: {
        id: expect.any(String),
        toolType: "GOOGLE_SEARCH_WEB",
        args: { queries: ["Who won Euro 2024?"] },
      },
    });
    expect(parts[1]).toEqual({
      toolResponse: { id: parts[0]?.toolCall?.id, toolType: "GOOGLE_SEARCH_WEB", response: {} },
    });
    expect(parts[2]?.text).toContain("You said: Who won Euro 2024?");
    expect(candidate?.groundingMetadata?.webSearchQueries).toEqual(["Who won Euro 2024?"]);
  });

  it("streamed, the search parts open the stream and the grounding comes on the last chunk", async () => {
    const answer = await generate(
      "gemini-3.5-flash",
      userSays("Who won Euro 2024?", circulated),
      "streamGenerateContent",
    );
    const chunks = sseData(answer.text) as GenerateContentResponse[];
    const first = chunks[0]?.candidates?.[0]?.content.parts ?? [];
    expect(first.map((part) => Object.keys(part)[0])).toEqual(["toolCall", "toolResponse"]);
    expect(chunks.at(-1)?.candidates?.[0]?.groundingMetadata).toBeDefined();
  });
});
