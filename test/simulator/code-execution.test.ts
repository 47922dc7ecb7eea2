import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type GenerateContentResponse,
  type Part,
  type Simulator,
  skipSignatureSentinel,
} from "../../src/simulator/index.js";
import { apiKey, call, geminiUrl, sseData, startQuietSimulator, userSays } from "./support.js";

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startQuietSimulator();
});
afterAll(() => simulator.close());
beforeEach(() => simulator.reset());

const withCode = { tools: [{ codeExecution: {} }] };

async function generate(body: unknown, model = "gemini-2.5-flash"): Promise<GenerateContentResponse> {
  const answer = await call(geminiUrl(simulator, model, "generateContent"), { body, headers: apiKey });
  expect(answer.status).toBe(200);
  return answer.json as GenerateContentResponse;
}

async function stream(body: unknown, model = "gemini-2.5-flash"): Promise<GenerateContentResponse[]> {
  const answer = await call(geminiUrl(simulator, model, "streamGenerateContent"), { body, headers: apiKey });
  expect(answer.status).toBe(200);
  return sseData(answer.text) as GenerateContentResponse[];
}

const partsOf = (response: GenerateContentResponse | undefined): Part[] =>
  response?.candidates?.[0]?.content.parts ?? [];

describe("code execution (tools: [{codeExecution: {}}]) in the simulator", () => {
  it("a prompt that asks to compute: text, executableCode, its codeExecutionResult, then the answer", async () => {
    const response = await generate(userSays("What is 6 * 7?", withCode));
    expect(partsOf(response)).toEqual([
      { text: "Let me work out 6 * 7 with Python." },
      { executableCode: { language: "PYTHON", code: "print(6 * 7)" } },
      { codeExecutionResult: { outcome: "OUTCOME_OK", output: "42\n" } },
      { text: "6 * 7 = 42." },
    ]);
    expect(response.candidates?.[0]?.finishReason).toBe("STOP");
    // What the model read back from the run is counted apart, and in the total.
    const usage = response.usageMetadata;
    expect(usage?.toolUsePromptTokenCount).toBeGreaterThan(0);
    expect(usage?.totalTokenCount).toBe(
      (usage?.promptTokenCount ?? 0) +
        (usage?.candidatesTokenCount ?? 0) +
        (usage?.thoughtsTokenCount ?? 0) +
        (usage?.toolUsePromptTokenCount ?? 0),
    );
  });

  it("streamed: the code and its result each in a chunk of their own, between the texts' chunks", async () => {
    const chunks = await stream(userSays("What is 6 * 7?", withCode));
    const parts = chunks.map(partsOf);
    const codeAt = parts.findIndex((list) => list.some((part) => part.executableCode !== undefined));
    expect(codeAt).toBeGreaterThan(0);
    expect(parts[codeAt]).toEqual([{ executableCode: { language: "PYTHON", code: "print(6 * 7)" } }]);
    expect(parts[codeAt + 1]).toEqual([{ codeExecutionResult: { outcome: "OUTCOME_OK", output: "42\n" } }]);
    const texts = (list: Part[][]) =>
      list
        .flat()
        .map((part) => part.text ?? "")
        .join("");
    expect(texts(parts.slice(0, codeAt))).toBe("Let me work out 6 * 7 with Python.");
    expect(texts(parts.slice(codeAt + 2))).toBe("6 * 7 = 42.");
    expect(chunks.at(-1)?.candidates?.[0]?.finishReason).toBe("STOP");
    expect(chunks.slice(0, -1).every((chunk) => chunk.candidates?.[0]?.finishReason === undefined)).toBe(
      true,
    );
    expect(chunks.at(-1)?.usageMetadata?.toolUsePromptTokenCount).toBeGreaterThan(0);
  });

  it("Gemini 3 signs the code part", async () => {
    const [, code] = partsOf(await generate(userSays("Compute 2**10", withCode), "gemini-3-flash-preview"));
    expect(code).toEqual({
      executableCode: { language: "PYTHON", code: "print(2**10)" },
      thoughtSignature: expect.any(String),
    });
  });

  it("code that raises: OUTCOME_FAILED with Python's traceback, and the answer says so", async () => {
    const parts = partsOf(await generate(userSays("Compute 1 / 0", withCode)));
    expect(parts[2]).toEqual({
      codeExecutionResult: {
        outcome: "OUTCOME_FAILED",
        output: expect.stringMatching(
          /^Traceback \(most recent call last\):\n[\s\S]*ZeroDivisionError: division by zero\n$/,
        ),
      },
    });
    expect(parts[3]?.text).toContain("division by zero");
  });

  it("without the tool, or with nothing to compute, the answer is the echo", async () => {
    for (const body of [userSays("What is 6 * 7?"), userSays("hello there", withCode)]) {
      const parts = partsOf(await generate(body));
      expect(parts).toHaveLength(1);
      expect(parts[0]?.text).toMatch(/^Hello from the agate simulator/);
    }
  });

  it("a scripted reply's code runs only where the request has the tool, as Gemini's would", async () => {
    simulator.script({
      forever: true,
      respond: {
        reply: {
          code: {
            preface: "Checking.",
            code: "print(sum(range(10)))",
            results: [{ output: "45\n" }, { outcome: "OUTCOME_DEADLINE_EXCEEDED", output: "" }],
          },
          text: "It is 45.",
        },
      },
    });
    expect(partsOf(await generate(userSays("sum?", withCode)))).toEqual([
      { text: "Checking." },
      { executableCode: { language: "PYTHON", code: "print(sum(range(10)))" } },
      { codeExecutionResult: { outcome: "OUTCOME_OK", output: "45\n" } },
      { codeExecutionResult: { outcome: "OUTCOME_DEADLINE_EXCEEDED", output: "" } },
      { text: "It is 45." },
    ]);
    expect(partsOf(await generate(userSays("sum?")))).toEqual([{ text: "It is 45." }]);
  });

  it("a replayed history with the model's code and results is taken; its code counts as prompt", async () => {
    const history = {
      contents: [
        { role: "user", parts: [{ text: "What is 6 * 7?" }] },
        {
          role: "model",
          parts: [
            { executableCode: { language: "PYTHON", code: "print(6 * 7)" } },
            { codeExecutionResult: { outcome: "OUTCOME_OK", output: "42\n" } },
            { text: "6 * 7 = 42." },
          ],
        },
        { role: "user", parts: [{ text: "thanks" }] },
      ],
      ...withCode,
    };
    const response = await generate(history);
    expect(partsOf(response)[0]?.text).toMatch(/You said: thanks$/);
    const textOnly = {
      ...history,
      contents: history.contents.map((content) => ({
        ...content,
        parts: content.parts.filter((part) => "text" in part),
      })),
    };
    expect(response.usageMetadata?.promptTokenCount).toBeGreaterThan(
      (await generate(textOnly)).usageMetadata?.promptTokenCount ?? 0,
    );
  });
});

describe("Gemini 3 code signatures in a replayed history", () => {
  const replay = (code: Part) => ({
    contents: [
      { role: "user", parts: [{ text: "What is 6 * 7?" }] },
      {
        role: "model",
        parts: [code, { codeExecutionResult: { outcome: "OUTCOME_OK", output: "42\n" } }, { text: "42." }],
      },
      { role: "user", parts: [{ text: "thanks" }] },
    ],
    ...withCode,
  });
  const unsigned: Part = { executableCode: { language: "PYTHON", code: "print(6 * 7)" } };
  const url = () => geminiUrl(simulator, "gemini-3-flash-preview", "generateContent");

  it("refuses code that lost its signature (or carries one never issued), as it refuses such a function call", async () => {
    for (const code of [unsigned, { ...unsigned, thoughtSignature: "bm90LWlzc3VlZA==" }]) {
      const answer = await call(url(), { body: replay(code), headers: apiKey });
      expect(answer.status).toBe(400);
      expect((answer.json as { error: { message: string } }).error.message).toMatch(
        /missing a thought_signature in executableCode parts/,
      );
    }
  });

  it("takes the signature it issued, or the documented sentinel; Gemini 2.5 checks none", async () => {
    const [, signed] = partsOf(await generate(userSays("Compute 2**10", withCode), "gemini-3-flash-preview"));
    expect((await call(url(), { body: replay({ ...unsigned, ...signed }), headers: apiKey })).status).toBe(
      200,
    );
    const sentinel = { ...unsigned, thoughtSignature: skipSignatureSentinel };
    expect((await call(url(), { body: replay(sentinel), headers: apiKey })).status).toBe(200);
    await generate(replay(unsigned));
  });

  it("a scripted reply's code is signed on Gemini 3, as the echo's is", async () => {
    simulator.script({ respond: { reply: { code: { code: "print(1)" }, text: "1." } } });
    const [code] = partsOf(await generate(userSays("one?", withCode), "gemini-3-flash-preview"));
    expect(code).toEqual({ ...code, thoughtSignature: expect.any(String) });
  });
});

describe("built-in tools beside function declarations, refused as Gemini refuses them", () => {
  const functions = { functionDeclarations: [{ name: "get_weather" }] };

  it.each([[{ codeExecution: {} }], [{ googleSearch: {} }]])(
    "%j with functions: 400 on 2.5 (no multi-tool use), and on 3 unless server-side invocations are on",
    async (builtIn) => {
      const body = userSays("What is 6 * 7?", { tools: [functions, builtIn] });
      const refused = await call(geminiUrl(simulator, "gemini-2.5-flash", "generateContent"), {
        body,
        headers: apiKey,
      });
      expect(refused.status).toBe(400);
      expect(refused.json).toMatchObject({
        error: {
          status: "INVALID_ARGUMENT",
          message: "Tool use with function calling is unsupported by the model.",
        },
      });
      const url = geminiUrl(simulator, "gemini-3-flash-preview", "generateContent");
      const three = await call(url, { body, headers: apiKey });
      expect(three.status).toBe(400);
      expect((three.json as { error: { message: string } }).error.message).toMatch(
        /include_server_side_tool_invocations/,
      );
      const enabled = { ...body, toolConfig: { includeServerSideToolInvocations: true } };
      expect((await call(url, { body: enabled, headers: apiKey })).status).toBe(200);
    },
  );

  it("both built-in tools together are fine (Gemini searches and runs code in one answer)", async () => {
    const body = userSays("What is 6 * 7?", { tools: [{ googleSearch: {} }, { codeExecution: {} }] });
    expect(partsOf(await generate(body))[1]).toEqual({
      executableCode: { language: "PYTHON", code: "print(6 * 7)" },
    });
  });
});
