import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { idWithSignature, idWithUpstreamCallId } from "../../hub/tool-call-id.js";
import type { GenerateRequest, Turn } from "../../hub/types.js";
import {
  encodeGeminiRequest,
  geminiRequestJson,
  PRUNED_HISTORY_NOTE,
  SKIP_SIGNATURE_SENTINEL,
} from "./encode-request.js";
import { ConvertedToolLists } from "./encode-tools.js";

const base = (over: Partial<GenerateRequest>): GenerateRequest => ({
  requestedModel: "gpt-4o",
  model: "gemini-2.5-flash",
  turns: [],
  settings: {},
  stream: false,
  ...over,
});

describe("encodeGeminiRequest", () => {
  it("system text → systemInstruction, assistant → model, consecutive roles merged", () => {
    const body = encodeGeminiRequest(
      base({
        system: "Be brief.",
        turns: [
          { role: "user", parts: [{ type: "text", text: "a" }] },
          { role: "user", parts: [{ type: "text", text: "b" }] },
          { role: "assistant", parts: [{ type: "text", text: "c" }] },
        ],
      }),
    );
    expect(body).toEqual({
      systemInstruction: { parts: [{ text: "Be brief." }] },
      contents: [
        { role: "user", parts: [{ text: "a" }, { text: "b" }] },
        { role: "model", parts: [{ text: "c" }] },
      ],
    });
  });

  it("only a system text (no turn): it is sent as the user turn, Gemini needing one content", () => {
    const body = encodeGeminiRequest(base({ system: "Write a haiku about tea." }));
    expect(body).toEqual({ contents: [{ role: "user", parts: [{ text: "Write a haiku about tea." }] }] });
  });

  it("an empty prompt: its empty text goes as one space, the least text Gemini takes (it refuses empty text)", () => {
    const body = encodeGeminiRequest(
      base({ turns: [{ role: "user", parts: [{ type: "text", text: "" }] }] }),
    );
    expect(body).toEqual({ contents: [{ role: "user", parts: [{ text: " " }] }] });
  });

  it("inline bytes → inlineData, URLs → fileData", () => {
    const body = encodeGeminiRequest(
      base({
        turns: [
          {
            role: "user",
            parts: [
              { type: "media", mimeType: "image/png", data: "iVBORw0KGgo=" },
              { type: "media", mimeType: "image/jpeg", url: "https://example.com/cat.jpg" },
            ],
          },
        ],
      }),
    );
    expect(body.contents[0]?.parts).toEqual([
      { inlineData: { mimeType: "image/png", data: "iVBORw0KGgo=" } },
      { fileData: { mimeType: "image/jpeg", fileUri: "https://example.com/cat.jpg" } },
    ]);
  });

  it("a tool call keeps its thought signature on the functionCall part", () => {
    const body = encodeGeminiRequest(
      base({
        turns: [
          { role: "user", parts: [{ type: "text", text: "f of 1?" }] },
          {
            role: "assistant",
            parts: [{ type: "tool-call", id: "c1", name: "f", arguments: { x: 1 }, signature: "sig" }],
          },
          { role: "tool", parts: [{ type: "tool-result", callId: "c1", name: "f", content: "42" }] },
        ],
      }),
    );
    expect(body.contents).toEqual([
      { role: "user", parts: [{ text: "f of 1?" }] },
      { role: "model", parts: [{ functionCall: { name: "f", args: { x: 1 } }, thoughtSignature: "sig" }] },
      { role: "user", parts: [{ functionResponse: { name: "f", response: { result: "42" } } }] },
    ]);
  });

  it("an answer's text keeps its thought signature on its part (Gemini 3 signs an answer's last part)", () => {
    const body = encodeGeminiRequest(
      base({
        model: "gemini-3-pro-preview",
        turns: [
          { role: "user", parts: [{ type: "text", text: "hi" }] },
          {
            role: "assistant",
            parts: [{ type: "text", text: "Hello!", signature: "c2ln", signatureKey: "msg_1" }],
          },
          { role: "user", parts: [{ type: "text", text: "and?" }] },
        ],
      }),
    );
    expect(body.contents[1]).toEqual({
      role: "model",
      parts: [{ text: "Hello!", thoughtSignature: "c2ln" }],
    });
  });

  it("generation settings map to generationConfig; none → no generationConfig", () => {
    expect(encodeGeminiRequest(base({})).generationConfig).toBeUndefined();
    const body = encodeGeminiRequest(
      base({
        settings: {
          maxOutputTokens: 64,
          temperature: 0.2,
          topP: 0.9,
          stop: ["END"],
          seed: 7,
          presencePenalty: 0.1,
          frequencyPenalty: 0.3,
          candidateCount: 2,
          responseFormat: { type: "json" },
        },
      }),
    );
    expect(body.generationConfig).toEqual({
      maxOutputTokens: 64,
      temperature: 0.2,
      topP: 0.9,
      stopSequences: ["END"],
      seed: 7,
      presencePenalty: 0.1,
      frequencyPenalty: 0.3,
      candidateCount: 2,
      responseMimeType: "application/json",
      // A 64-token limit without an effort: 2.5 Flash does not think (encode-settings.test.ts).
      thinkingConfig: { thinkingBudget: 0 },
    });
  });

  it("zero penalties change nothing: left out, for every model (2.5 and 3 refuse any penalty field)", () => {
    for (const model of ["gemini-2.5-flash", "gemini-3-pro-preview", "gemini-2.0-flash", "my-tuned-model"]) {
      const body = encodeGeminiRequest(
        base({ model, settings: { presencePenalty: 0, frequencyPenalty: 0, temperature: 0.5 } }),
      );
      expect(body.generationConfig).toEqual({ temperature: 0.5 });
    }
    const penalised = encodeGeminiRequest(
      base({ model: "gemini-2.0-flash", settings: { frequencyPenalty: 0.4 } }),
    );
    expect(penalised.generationConfig).toEqual({ frequencyPenalty: 0.4 });
  });

  it("seed: Gemini's is an int32; one outside is folded to its low 32 bits (two's complement), the same each time", () => {
    const seedOf = (seed: number) => encodeGeminiRequest(base({ settings: { seed } })).generationConfig?.seed;
    for (const seed of [0, 7, -1, 2 ** 31 - 1, -(2 ** 31)]) expect(seedOf(seed)).toBe(seed);
    expect(seedOf(2 ** 31)).toBe(-(2 ** 31));
    expect(seedOf(2 ** 32 + 42)).toBe(42);
    expect(seedOf(-(2 ** 32) - 1)).toBe(-1);
    expect(seedOf(1_700_000_000_123)).toBe(1_700_000_000_123 - 396 * 2 ** 32);
    expect(seedOf(2 ** 63)).toBe(0); // the largest int64 as JSON.parse gives it
    fc.assert(
      fc.property(fc.maxSafeInteger(), (seed) => {
        const folded = seedOf(seed) ?? Number.NaN;
        expect(Number.isInteger(folded) && folded >= -(2 ** 31) && folded < 2 ** 31).toBe(true);
        expect(seedOf(seed)).toBe(folded);
        expect((folded - seed) % 2 ** 32 === 0).toBe(true);
      }),
    );
  });

  it("does not mutate its input", () => {
    const request = base({ turns: [{ role: "user", parts: [{ type: "text", text: "a" }] }] });
    const copy = structuredClone(request);
    encodeGeminiRequest(request);
    expect(request).toEqual(copy);
  });

  it("tools → functionDeclarations with converted schemas; a tool without parameters has none", () => {
    const body = encodeGeminiRequest(
      base({
        tools: [
          {
            name: "get_weather",
            description: "Weather",
            parameters: {
              $schema: "http://json-schema.org/draft-07/schema#",
              type: "object",
              properties: { city: { type: "string" } },
              required: ["city"],
              additionalProperties: false,
            },
          },
          { name: "now", parameters: { type: "object", properties: {} } },
        ],
      }),
    );
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: "get_weather",
            description: "Weather",
            parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
          },
          { name: "now" },
        ],
      },
    ]);
  });

  it("with a client's converted tool lists: the same body, a list sent again not converted again", () => {
    const request = () =>
      base({
        tools: [{ name: "read", parameters: { type: "object", properties: { path: { type: "string" } } } }],
        grounding: true,
      });
    const lists = new ConvertedToolLists();
    const first = encodeGeminiRequest(request(), lists);
    const second = encodeGeminiRequest(request(), lists);
    expect(first).toEqual(encodeGeminiRequest(request()));
    expect(second.tools?.[0]).toBe(first.tools?.[0]);
    // Grounding adds its tool to a list of its own: the kept one is not changed.
    expect(first.tools).toHaveLength(2);
    expect(lists.of(request().tools)).toHaveLength(1);
  });

  it.each([
    [{ type: "auto" }, { mode: "AUTO" }],
    [{ type: "none" }, { mode: "NONE" }],
    [{ type: "required" }, { mode: "ANY" }],
    [
      { type: "named", name: "f" },
      { mode: "ANY", allowedFunctionNames: ["f"] },
    ],
    [
      { type: "allowed", mode: "required", names: ["f", "g"] },
      { mode: "ANY", allowedFunctionNames: ["f", "g"] },
    ],
    [
      { type: "allowed", mode: "auto", names: ["f"] },
      { mode: "VALIDATED", allowedFunctionNames: ["f"] },
    ],
  ] as const)("tool choice %j → %j", (toolChoice, config) => {
    expect(encodeGeminiRequest(base({ toolChoice })).toolConfig).toEqual({ functionCallingConfig: config });
  });

  it("reasoning effort: a thinking budget for 2.5, a thinking level for 3, thoughts included", () => {
    const flash = encodeGeminiRequest(base({ settings: { reasoningEffort: "low" } }));
    expect(flash.generationConfig?.thinkingConfig).toEqual({ includeThoughts: true, thinkingBudget: 1024 });
    const off = encodeGeminiRequest(base({ settings: { reasoningEffort: "minimal" } }));
    expect(off.generationConfig?.thinkingConfig).toEqual({ includeThoughts: false, thinkingBudget: 0 });
    const pro = encodeGeminiRequest(
      base({ model: "gemini-2.5-pro", settings: { reasoningEffort: "minimal" } }),
    );
    expect(pro.generationConfig?.thinkingConfig).toEqual({ includeThoughts: true, thinkingBudget: 128 });
    const three = encodeGeminiRequest(
      base({ model: "gemini-3-pro-preview", settings: { reasoningEffort: "medium" } }),
    );
    expect(three.generationConfig?.thinkingConfig).toEqual({ includeThoughts: true, thinkingLevel: "high" });
    // Google's rolling names follow its newest release: a thinking level, as for Gemini 3.
    for (const model of ["gemini-pro-latest", "gemini-flash-latest", "gemini-flash-lite-latest"]) {
      const latest = encodeGeminiRequest(base({ model, settings: { reasoningEffort: "low" } }));
      expect(latest.generationConfig?.thinkingConfig, model).toEqual({
        includeThoughts: true,
        thinkingLevel: "low",
      });
    }
  });

  it("an effort whose thoughts are not wanted (no reasoning summary): the same thinking, no thoughts asked for", () => {
    const unwanted = (model: string, reasoningEffort: "minimal" | "high") =>
      encodeGeminiRequest(base({ model, settings: { reasoningEffort, includeReasoning: false } }))
        .generationConfig?.thinkingConfig;
    expect(unwanted("gemini-2.5-flash", "high")).toEqual({ includeThoughts: false, thinkingBudget: 24_576 });
    expect(unwanted("gemini-2.5-pro", "minimal")).toEqual({ includeThoughts: false, thinkingBudget: 128 });
    expect(unwanted("gemini-3-pro-preview", "high")).toEqual({
      includeThoughts: false,
      thinkingLevel: "high",
    });
    expect(unwanted("gemini-3-flash-preview", "minimal")).toEqual({
      includeThoughts: false,
      thinkingLevel: "minimal",
    });
  });

  it("the built-in aliases' Gemini 3 targets: a thinking level each takes for every effort, never a budget", () => {
    const takes: Record<string, readonly string[]> = {
      "gemini-3.5-flash": ["minimal", "low", "medium", "high"],
      "gemini-3.1-flash-lite": ["minimal", "low", "medium", "high"],
      "gemini-3.1-pro-preview": ["low", "medium", "high"],
    };
    for (const [model, levels] of Object.entries(takes)) {
      for (const reasoningEffort of ["minimal", "low", "medium", "high"] as const) {
        const config = encodeGeminiRequest(base({ model, settings: { reasoningEffort } })).generationConfig
          ?.thinkingConfig;
        expect(config, `${model} ${reasoningEffort}`).not.toHaveProperty("thinkingBudget");
        expect(levels, `${model} ${reasoningEffort}`).toContain(config?.thinkingLevel);
      }
    }
    const level = (model: string, reasoningEffort: "minimal" | "medium") =>
      encodeGeminiRequest(base({ model, settings: { reasoningEffort } })).generationConfig?.thinkingConfig
        ?.thinkingLevel;
    expect(level("gemini-3.5-flash", "minimal")).toBe("minimal");
    expect(level("gemini-3.5-flash", "medium")).toBe("medium");
    expect(level("gemini-3.1-pro-preview", "minimal")).toBe("low");
    expect(level("gemini-3.1-pro-preview", "medium")).toBe("medium");
  });

  it("reasoning effort on a family that cannot think (2.0, 1.5, 1.0, Gemma): no thinking config, the rest kept", () => {
    const models = [
      "gemini-2.0-flash",
      "gemini-2.0-flash-lite-001",
      "models/gemini-1.5-pro",
      "gemini-1.5-flash-8b",
      "gemini-1.0-pro",
      "gemini-pro",
      "gemma-3-27b-it",
      "models/gemma-3n-e4b-it",
    ];
    for (const model of models) {
      for (const reasoningEffort of ["minimal", "high"] as const) {
        const request = encodeGeminiRequest(base({ model, settings: { reasoningEffort, seed: 1 } }));
        expect(request.generationConfig, model).toEqual({ seed: 1 });
      }
    }
  });

  it("reasoning effort on a thinking 2.0 model or a name agate does not know: the thinking config as before", () => {
    for (const model of ["gemini-2.0-flash-thinking-exp-01-21", "my-tuned-model", "gemini-exp-1206"]) {
      const request = encodeGeminiRequest(base({ model, settings: { reasoningEffort: "low" } }));
      expect(request.generationConfig?.thinkingConfig, model).toEqual({
        includeThoughts: true,
        thinkingBudget: 1024,
      });
    }
  });

  it("thoughts asked for without an effort (a reasoning summary): included, the model's own thinking level kept", () => {
    const asked = { includeReasoning: true };
    for (const model of ["gemini-3-pro-preview", "gemini-2.5-flash", "models/gemini-2.5-pro"]) {
      const request = encodeGeminiRequest(base({ model, settings: asked }));
      expect(request.generationConfig?.thinkingConfig).toEqual({ includeThoughts: true });
    }
    // A model that does not think is not asked for thoughts (Gemini refuses a thinking config there).
    const older = encodeGeminiRequest(base({ model: "gemini-2.0-flash", settings: asked }));
    expect(older.generationConfig).toBeUndefined();
  });

  it("json_schema → responseMimeType + converted responseSchema; logprobs → responseLogprobs", () => {
    const body = encodeGeminiRequest(
      base({
        settings: {
          responseFormat: {
            type: "json-schema",
            schema: {
              type: "object",
              properties: { a: { type: ["string", "null"] } },
              additionalProperties: false,
            },
          },
          logprobs: true,
          topLogprobs: 3,
        },
      }),
    );
    expect(body.generationConfig).toEqual({
      responseMimeType: "application/json",
      responseSchema: { type: "object", properties: { a: { type: "string", nullable: true } } },
      responseLogprobs: true,
      logprobs: 3,
    });
  });

  it("Gemini 3 (and the rolling -latest names): a replayed call without a signature gets the documented sentinel; 2.5 gets none", () => {
    const turns = [
      { role: "user" as const, parts: [{ type: "text" as const, text: "f?" }] },
      {
        role: "assistant" as const,
        parts: [{ type: "tool-call" as const, id: "c", name: "f", arguments: {} }],
      },
    ];
    for (const model of ["gemini-3-pro-preview", "gemini-pro-latest", "gemini-flash-latest"]) {
      const three = encodeGeminiRequest(base({ model, turns }));
      expect(three.contents[1]?.parts[0]?.thoughtSignature, model).toBe(SKIP_SIGNATURE_SENTINEL);
    }
    const flash = encodeGeminiRequest(base({ turns }));
    expect(flash.contents[1]?.parts[0]?.thoughtSignature).toBeUndefined();
  });

  it("Gemini 3: parallel calls go back as Gemini sent them, the sentinel only on a step's first call", () => {
    const call = (id: string, signature?: string) => ({
      type: "tool-call" as const,
      id,
      name: "f",
      arguments: {},
      ...(signature === undefined ? {} : { signature }),
    });
    const result = (id: string) => ({ type: "tool-result" as const, callId: id, name: "f", content: "ok" });
    const body = encodeGeminiRequest(
      base({
        model: "gemini-3-pro-preview",
        turns: [
          { role: "user", parts: [{ type: "text", text: "go" }] },
          // Gemini signs only the first of parallel calls.
          { role: "assistant", parts: [call("a", "c2ln"), call("b")] },
          { role: "tool", parts: [result("a"), result("b")] },
          // History from another model: nothing signed.
          { role: "assistant", parts: [{ type: "text", text: "More." }, call("c"), call("d")] },
          { role: "tool", parts: [result("c"), result("d")] },
        ],
      }),
    );
    const signatures = (index: number) =>
      body.contents[index]?.parts.map((part) => part.thoughtSignature ?? null);
    expect(signatures(1)).toEqual(["c2ln", null]);
    expect(signatures(3)).toEqual([null, SKIP_SIGNATURE_SENTINEL, null]);
  });

  it("Gemini 3: parallel calls sent interleaved with their results go as one step, then both results", () => {
    const call = (id: string, signature?: string) => ({
      type: "tool-call" as const,
      id,
      name: "read",
      arguments: { path: `${id}.txt` },
      ...(signature === undefined ? {} : { signature }),
    });
    const result = (id: string) => ({ type: "tool-result" as const, callId: id, name: "read", content: id });
    const turns = [
      { role: "user" as const, parts: [{ type: "text" as const, text: "read a and b" }] },
      { role: "assistant" as const, parts: [call("a", "c2ln")] },
      { role: "tool" as const, parts: [result("a")] },
      { role: "assistant" as const, parts: [call("b")] },
      { role: "tool" as const, parts: [result("b")] },
    ];
    const body = encodeGeminiRequest(base({ model: "gemini-3-pro-preview", turns }));
    expect(body.contents).toEqual([
      { role: "user", parts: [{ text: "read a and b" }] },
      {
        role: "model",
        parts: [
          { functionCall: { name: "read", args: { path: "a.txt" } }, thoughtSignature: "c2ln" },
          { functionCall: { name: "read", args: { path: "b.txt" } } },
        ],
      },
      {
        role: "user",
        parts: [
          { functionResponse: { name: "read", response: { result: "a" } } },
          { functionResponse: { name: "read", response: { result: "b" } } },
        ],
      },
    ]);
    // A second step signed on its own stays a step of its own.
    const sequential = turns.map((turn, index) =>
      index === 3 ? { role: "assistant" as const, parts: [call("b", "c2lnMg==")] } : turn,
    );
    const steps = encodeGeminiRequest(base({ model: "gemini-3-pro-preview", turns: sequential }));
    expect(steps.contents.map((content) => content.role)).toEqual(["user", "model", "user", "model", "user"]);
  });
});

describe("encodeGeminiRequest: code execution", () => {
  it("codeExecution → the codeExecution tool, after the functions and Google Search", () => {
    expect(encodeGeminiRequest(base({ codeExecution: true })).tools).toEqual([{ codeExecution: {} }]);
    expect(encodeGeminiRequest(base({ codeExecution: true, grounding: true })).tools).toEqual([
      { googleSearch: {} },
      { codeExecution: {} },
    ]);
    expect(encodeGeminiRequest(base({})).tools).toBeUndefined();
  });

  it("a replayed code execution → the model's executableCode, then one codeExecutionResult per run, in place", () => {
    const body = encodeGeminiRequest(
      base({
        turns: [
          { role: "user", parts: [{ type: "text", text: "Run it" }] },
          {
            role: "assistant",
            parts: [
              { type: "text", text: "Running." },
              {
                type: "code-execution",
                code: "print('ok')\nprint(1/0)",
                results: [
                  { outcome: "ok", output: "ok\n" },
                  { outcome: "failed", output: "ZeroDivisionError\n" },
                ],
              },
              { type: "text", text: "It failed." },
            ],
          },
        ],
      }),
    );
    expect(body.contents[1]).toEqual({
      role: "model",
      parts: [
        { text: "Running." },
        { executableCode: { language: "PYTHON", code: "print('ok')\nprint(1/0)" } },
        { codeExecutionResult: { outcome: "OUTCOME_OK", output: "ok\n" } },
        { codeExecutionResult: { outcome: "OUTCOME_FAILED", output: "ZeroDivisionError\n" } },
        { text: "It failed." },
      ],
    });
  });

  it("a run that timed out goes back as OUTCOME_DEADLINE_EXCEEDED; code whose runs were not kept goes alone", () => {
    const turn = (results: { outcome: "timed-out"; output: string }[]): Turn => ({
      role: "assistant",
      parts: [{ type: "code-execution", code: "while True: pass", results }],
    });
    const parts = (results: { outcome: "timed-out"; output: string }[]) =>
      encodeGeminiRequest(
        base({ turns: [{ role: "user", parts: [{ type: "text", text: "loop" }] }, turn(results)] }),
      ).contents[1]?.parts;
    expect(parts([{ outcome: "timed-out", output: "" }])).toEqual([
      { executableCode: { language: "PYTHON", code: "while True: pass" } },
      { codeExecutionResult: { outcome: "OUTCOME_DEADLINE_EXCEEDED", output: "" } },
    ]);
    expect(parts([])).toEqual([{ executableCode: { language: "PYTHON", code: "while True: pass" } }]);
  });

  it("Gemini 3: the code's signature goes back on its executableCode; code without one gets the sentinel; 2.5 gets none", () => {
    const turns = (signature?: string): Turn[] => [
      { role: "user", parts: [{ type: "text", text: "6 * 7?" }] },
      {
        role: "assistant",
        parts: [
          {
            type: "code-execution",
            code: "print(6 * 7)",
            results: [{ outcome: "ok", output: "42\n" }],
            ...(signature === undefined ? {} : { signature }),
          },
        ],
      },
    ];
    const code = (model: string, signature?: string) =>
      encodeGeminiRequest(base({ model, turns: turns(signature) })).contents[1]?.parts[0];
    expect(code("gemini-3-pro-preview", "c2ln")).toEqual({
      executableCode: { language: "PYTHON", code: "print(6 * 7)" },
      thoughtSignature: "c2ln",
    });
    expect(code("gemini-3-pro-preview")?.thoughtSignature).toBe(SKIP_SIGNATURE_SENTINEL);
    expect(code("gemini-2.5-flash")?.thoughtSignature).toBeUndefined();
    expect(code("gemini-2.5-flash", "c2ln")?.thoughtSignature).toBe("c2ln");
  });
});

describe("encodeGeminiRequest: a history that opens with the model's call", () => {
  const call: Turn = {
    role: "assistant",
    parts: [{ type: "tool-call", id: "call_1", name: "read_file", arguments: { path: "a" } }],
  };
  const result: Turn = {
    role: "tool",
    parts: [{ type: "tool-result", callId: "call_1", name: "read_file", content: "text" }],
  };
  const next: Turn = { role: "user", parts: [{ type: "text", text: "and now?" }] };

  it("gets a user turn first (Gemini refuses a call that follows no user turn); the turns after it as they were", () => {
    const body = encodeGeminiRequest(base({ system: "s", turns: [call, result, next] }));
    expect(body.contents.map((content) => content.role)).toEqual(["user", "model", "user"]);
    expect(body.contents[0]).toEqual({ role: "user", parts: [{ text: PRUNED_HISTORY_NOTE }] });
    expect(body.contents[1]?.parts[0]?.functionCall?.name).toBe("read_file");
  });

  it("a history that opens with the model's text, or with the user, is sent as it is", () => {
    const said: Turn = { role: "assistant", parts: [{ type: "text", text: "How can I help?" }] };
    expect(encodeGeminiRequest(base({ turns: [said, next] })).contents[0]?.role).toBe("model");
    const asked: Turn = { role: "user", parts: [{ type: "text", text: "read a" }] };
    const contents = encodeGeminiRequest(base({ turns: [asked, call, result, next] })).contents;
    expect(contents.map((content) => content.role)).toEqual(["user", "model", "user"]);
    expect(contents[0]?.parts).toEqual([{ text: "read a" }]);
  });
});

describe("encodeGeminiRequest: a JSON answer beside tools", () => {
  const weather = { name: "get_weather", parameters: { type: "object", properties: {} } };
  const schema = { type: "object", properties: { city: { type: "string" } }, required: ["city"] };
  const asked = (
    model: string,
    over: Partial<GenerateRequest> = {},
    without: ("system" | "tools")[] = [],
  ) => {
    const request = base({
      model,
      system: "You are a travel agent.",
      turns: [{ role: "user", parts: [{ type: "text", text: "Weather in Paris?" }] }],
      tools: [weather],
      settings: { responseFormat: { type: "json-schema", name: "answer", schema }, temperature: 0.2 },
      ...over,
    });
    for (const key of without) delete request[key];
    return encodeGeminiRequest(request);
  };

  it("before Gemini 3 (which refuses both): the schema goes in the system instruction, the tools stay", () => {
    const body = asked("gemini-2.5-flash");
    expect(body.tools).toMatchObject([{ functionDeclarations: [{ name: "get_weather" }] }]);
    expect(body.generationConfig).toEqual({ temperature: 0.2 });
    const system = body.systemInstruction?.parts[0]?.text ?? "";
    expect(system.startsWith("You are a travel agent.\n\n")).toBe(true);
    expect(system).toContain(JSON.stringify(schema));
    expect(system).toMatch(/without calling a function/);
  });

  it("JSON mode without a schema asks for one JSON object; grounding alone counts as a tool too", () => {
    const body = asked(
      "gemini-2.5-pro",
      { grounding: true, settings: { responseFormat: { type: "json" } } },
      ["system", "tools"],
    );
    expect(body.generationConfig).toBeUndefined();
    expect(body.systemInstruction?.parts[0]?.text).toMatch(/one JSON object/);
  });

  it("Gemini 3, or no tools: the JSON response format stays in generationConfig", () => {
    expect(asked("gemini-3-flash-preview").generationConfig?.responseMimeType).toBe("application/json");
    const plain = asked("gemini-2.5-flash", {}, ["tools"]);
    expect(plain.generationConfig?.responseSchema).toBeDefined();
    expect(plain.systemInstruction?.parts[0]?.text).toBe("You are a travel agent.");
  });
});

describe("encodeGeminiRequest: tool results with images", () => {
  it("a turn's function responses come first, then the images the tools returned with them", () => {
    const png = { type: "media" as const, mimeType: "image/png", data: "iVBORw0KGgo=" };
    const result = (callId: string) => ({
      type: "tool-result" as const,
      callId,
      name: "shot",
      content: callId,
    });
    const body = encodeGeminiRequest(
      base({
        turns: [
          { role: "user", parts: [{ type: "text", text: "look" }] },
          {
            role: "assistant",
            parts: ["a", "b"].map((id) => ({ type: "tool-call" as const, id, name: "shot", arguments: {} })),
          },
          { role: "tool", parts: [result("a"), png] },
          { role: "tool", parts: [result("b"), png] },
        ],
      }),
    );
    expect(body.contents[2]?.parts).toEqual([
      { functionResponse: { name: "shot", response: { result: "a" } } },
      { functionResponse: { name: "shot", response: { result: "b" } } },
      { inlineData: { mimeType: "image/png", data: "iVBORw0KGgo=" } },
      { inlineData: { mimeType: "image/png", data: "iVBORw0KGgo=" } },
    ]);
  });

  it("results sent back out of order go in the order of the calls: Gemini pairs them by position", () => {
    const call = (id: string) => ({ type: "tool-call" as const, id, name: "read", arguments: { path: id } });
    const result = (callId: string) => ({
      type: "tool-result" as const,
      callId,
      name: "read",
      content: `contents of ${callId}`,
    });
    const body = encodeGeminiRequest(
      base({
        turns: [
          { role: "user", parts: [{ type: "text", text: "read a, b and c" }] },
          { role: "assistant", parts: [call("a"), call("b"), call("c")] },
          // An agent that appends each result as its tool finishes.
          { role: "tool", parts: [result("c")] },
          { role: "tool", parts: [result("a")] },
          { role: "tool", parts: [result("b")] },
          { role: "user", parts: [{ type: "text", text: "and now?" }] },
        ],
      }),
    );
    expect(body.contents[2]?.parts).toEqual([
      { functionResponse: { name: "read", response: { result: "contents of a" } } },
      { functionResponse: { name: "read", response: { result: "contents of b" } } },
      { functionResponse: { name: "read", response: { result: "contents of c" } } },
      { text: "and now?" },
    ]);
  });
});

describe("encodeGeminiRequest: Gemini's own function call ids", () => {
  /** A step of two parallel get_weather calls and their results, the results sent back in reverse order. */
  const twoCalls = (first: string, second: string): Turn[] => [
    { role: "user", parts: [{ type: "text", text: "Paris and Rome?" }] },
    {
      role: "assistant",
      parts: [
        {
          type: "tool-call",
          id: first,
          name: "get_weather",
          arguments: { city: "Paris" },
          signature: "c2ln",
        },
        { type: "tool-call", id: second, name: "get_weather", arguments: { city: "Rome" } },
      ],
    },
    { role: "tool", parts: [{ type: "tool-result", callId: second, name: "get_weather", content: "rain" }] },
    { role: "tool", parts: [{ type: "tool-result", callId: first, name: "get_weather", content: "sun" }] },
  ];
  const encode = (turns: Turn[], model = "gemini-3-pro-preview") =>
    encodeGeminiRequest(base({ model, turns })).contents.slice(1);

  it("a call whose id carries Gemini's: the id goes back on the functionCall and on its functionResponse", () => {
    const contents = encode(
      twoCalls(
        idWithSignature(idWithUpstreamCallId("call_a", "k3j5h2q9"), "c2ln"),
        idWithUpstreamCallId("call_b", "p0x7m4z1"),
      ),
    );
    expect(contents).toEqual([
      {
        role: "model",
        parts: [
          {
            functionCall: { id: "k3j5h2q9", name: "get_weather", args: { city: "Paris" } },
            thoughtSignature: "c2ln",
          },
          { functionCall: { id: "p0x7m4z1", name: "get_weather", args: { city: "Rome" } } },
        ],
      },
      {
        role: "user",
        parts: [
          { functionResponse: { id: "k3j5h2q9", name: "get_weather", response: { result: "sun" } } },
          { functionResponse: { id: "p0x7m4z1", name: "get_weather", response: { result: "rain" } } },
        ],
      },
    ]);
  });

  it("Gemini 2.5 gets back the ids it gave too", () => {
    const contents = encode(twoCalls(idWithUpstreamCallId("call_a", "a1"), "call_b"), "gemini-2.5-flash");
    expect(contents[0]?.parts[0]?.functionCall?.id).toBe("a1");
    expect(contents[1]?.parts[0]?.functionResponse?.id).toBe("a1");
  });

  it("calls Gemini gave no id (agate's own ids, with or without a signature): no id on either part", () => {
    const contents = encode(twoCalls(idWithSignature("call_a", "c2ln"), "call_b"));
    for (const part of [...(contents[0]?.parts ?? []), ...(contents[1]?.parts ?? [])]) {
      expect(part.functionCall?.id).toBeUndefined();
      expect(part.functionResponse?.id).toBeUndefined();
    }
  });

  it("ids a client made (another provider's, a framework's): never sent to Gemini", () => {
    for (const [first, second] of [
      ["call_Xy12AbCd", "call_Zw34EfGh"],
      ["toolu_01A09q90qw90lq917835lq9", "run-7b1c2d__0"],
      ["3f1d2c4e-8a9b-4c1d-9e2f-0a1b2c3d4e5f", "fc_abc__fc99_"],
    ] as const) {
      const contents = encode(twoCalls(first, second));
      expect(JSON.stringify(contents)).not.toMatch(/"id"/);
    }
  });

  it("a call whose id was cut short inside Gemini's id: neither the call nor its response gets one", () => {
    const cut = idWithUpstreamCallId("call_a", "k3j5h2q9").slice(0, -2);
    const contents = encode(twoCalls(cut, idWithUpstreamCallId("call_b", "p0x7m4z1")));
    expect(contents[0]?.parts.map((part) => part.functionCall?.id)).toEqual([undefined, "p0x7m4z1"]);
    expect(contents[1]?.parts.map((part) => part.functionResponse?.id)).toEqual([undefined, "p0x7m4z1"]);
  });

  it("a result answering no call before it gets no id, whatever its own id carries", () => {
    const id = idWithUpstreamCallId("call_a", "k3j5h2q9");
    const { contents } = encodeGeminiRequest(
      base({
        model: "gemini-3-pro-preview",
        turns: [{ role: "tool", parts: [{ type: "tool-result", callId: id, name: "f", content: "x" }] }],
      }),
    );
    expect(contents[0]?.parts[0]?.functionResponse).toEqual({ name: "f", response: { result: "x" } });
  });
});

describe("geminiRequestJson", () => {
  const tool = (name: string) => ({
    name,
    description: `Runs ${name}.`,
    parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
  });
  const agentTurn = (over: Partial<GenerateRequest> = {}) =>
    base({
      system: "You are a coding agent.",
      turns: [{ role: "user", parts: [{ type: "text", text: 'fix the "bug" ✓' }] }],
      tools: [tool("read"), tool("write")],
      toolChoice: { type: "auto" },
      settings: { temperature: 0.2 },
      ...over,
    });

  it("splices a kept tool list's JSON in: the same request as JSON.stringify gives, tools first", () => {
    const lists = new ConvertedToolLists();
    for (let turn = 0; turn < 2; turn++) {
      const body = encodeGeminiRequest(agentTurn(), lists);
      const json = geminiRequestJson(body, lists);
      expect(JSON.parse(json)).toEqual(body);
      expect(json.startsWith('{"tools":[{"functionDeclarations":')).toBe(true);
    }
  });

  it("serialises the list again only when it is not the kept one (grounding added a tool, no cache)", () => {
    const lists = new ConvertedToolLists();
    const grounded = encodeGeminiRequest(agentTurn({ grounding: true }), lists);
    expect(geminiRequestJson(grounded, lists)).toBe(JSON.stringify(grounded));
    const uncached = encodeGeminiRequest(agentTurn());
    expect(geminiRequestJson(uncached, lists)).toBe(JSON.stringify(uncached));
    const { tools: _tools, toolChoice: _choice, ...withoutTools } = agentTurn();
    const plain = encodeGeminiRequest(withoutTools, lists);
    expect(geminiRequestJson(plain, lists)).toBe(JSON.stringify(plain));
  });

  it("splices a long system instruction's JSON in, with or without a kept tool list", () => {
    const system = `Follow the "rules"\n${"Be careful. ".repeat(100)}`;
    const lists = new ConvertedToolLists();
    for (const request of [agentTurn({ system }), base({ system, turns: agentTurn().turns })]) {
      for (let turn = 0; turn < 2; turn++) {
        const body = encodeGeminiRequest(request, lists);
        const json = geminiRequestJson(body, lists);
        expect(JSON.parse(json)).toEqual(body);
        expect(json).toContain(`"systemInstruction":{"parts":[{"text":${JSON.stringify(system)}}]}`);
      }
    }
    // A short one is serialised with the rest, as JSON.stringify places it.
    const short = encodeGeminiRequest(base({ system: "Be brief.", turns: agentTurn().turns }), lists);
    expect(geminiRequestJson(short, lists)).toBe(JSON.stringify(short));
  });

  it("any request, any tools: what it gives parses back to the request", () => {
    const lists = new ConvertedToolLists();
    fc.assert(
      fc.property(
        fc.array(fc.string(), { maxLength: 4 }),
        fc.uniqueArray(fc.stringMatching(/^[a-z_]{1,12}$/), { minLength: 1, maxLength: 5 }),
        fc.option(fc.oneof(fc.string(), fc.string({ minLength: 1024, maxLength: 1500 })), { nil: undefined }),
        (texts, names, system) => {
          const request = base({
            ...(system === undefined ? {} : { system }),
            turns: texts.map((text) => ({ role: "user" as const, parts: [{ type: "text" as const, text }] })),
            tools: names.map(tool),
          });
          const body = encodeGeminiRequest(request, lists);
          expect(JSON.parse(geminiRequestJson(body, lists))).toEqual(body);
        },
      ),
    );
  });
});
