import { describe, expect, it } from "vitest";
import { upstreamCallIdFromId } from "../../hub/tool-call-id.js";
import { convertUsage, GeminiResponseDecoder } from "./decode-response.js";
import type { GeminiPart } from "./wire-types.js";

const ids = () => {
  let n = 0;
  return () => `call_${++n}`;
};

describe("GeminiResponseDecoder", () => {
  it("reads every part of every candidate, thoughts apart from text", () => {
    const decoder = new GeminiResponseDecoder(ids());
    const events = decoder.decode({
      candidates: [
        {
          index: 0,
          content: {
            role: "model",
            parts: [
              { text: "thinking…", thought: true, thoughtSignature: "c2ln" },
              { text: "Hello" },
              { text: " world" },
            ],
          },
          finishReason: "STOP",
        },
        { index: 1, content: { role: "model", parts: [{ text: "Bonjour" }] }, finishReason: "MAX_TOKENS" },
      ],
      usageMetadata: {
        promptTokenCount: 7,
        candidatesTokenCount: 5,
        thoughtsTokenCount: 3,
        totalTokenCount: 15,
      },
    });
    expect(events).toEqual([
      { type: "reasoning-delta", candidate: 0, text: "thinking…", signature: "c2ln" },
      { type: "text-delta", candidate: 0, text: "Hello" },
      { type: "text-delta", candidate: 0, text: " world" },
      { type: "finish", candidate: 0, reason: "stop", rawReason: "STOP" },
      { type: "text-delta", candidate: 1, text: "Bonjour" },
      { type: "finish", candidate: 1, reason: "length", rawReason: "MAX_TOKENS" },
      { type: "usage", usage: { inputTokens: 7, outputTokens: 8, reasoningTokens: 3, cachedTokens: 0 } },
    ]);
  });

  it("a function call turns Gemini's STOP into tool-calls, also when the call came in an earlier chunk", () => {
    const decoder = new GeminiResponseDecoder(ids());
    const first = decoder.decode({
      candidates: [
        {
          content: {
            role: "model",
            parts: [
              { functionCall: { name: "get_weather", args: { city: "Paris" } }, thoughtSignature: "sig1" },
            ],
          },
        },
      ],
    });
    const last = decoder.decode({
      candidates: [{ content: { role: "model", parts: [] }, finishReason: "STOP" }],
    });
    expect(first).toEqual([
      {
        type: "tool-call",
        candidate: 0,
        id: "call_1",
        name: "get_weather",
        arguments: { city: "Paris" },
        signature: "sig1",
      },
    ]);
    expect(last).toEqual([{ type: "finish", candidate: 0, reason: "tool-calls", rawReason: "STOP" }]);
  });

  it("the upstream's function call id rides inside agate's own id, to go back with the call", () => {
    const events = new GeminiResponseDecoder(ids()).decode({
      candidates: [
        {
          content: {
            parts: [
              { functionCall: { id: "fc-9", name: "f" } },
              { functionCall: { id: "", name: "g" } },
              { functionCall: { name: "h" } },
              // Not a string (a malformed upstream): no id to carry.
              { functionCall: { id: 7 as unknown as string, name: "k" } },
            ],
          },
        },
      ],
    });
    expect(events.map((event) => event.type === "tool-call" && event.id)).toEqual([
      "call_1__fc4_fc-9",
      "call_2",
      "call_3",
      "call_4",
    ]);
    expect(upstreamCallIdFromId("call_1__fc4_fc-9")).toBe("fc-9");
    expect(events[0]).toMatchObject({ arguments: {} });
  });

  it.each([
    ["SAFETY", "content-filter"],
    ["RECITATION", "content-filter"],
    ["PROHIBITED_CONTENT", "content-filter"],
    ["MALFORMED_FUNCTION_CALL", "other"],
    ["OTHER", "other"],
  ])("finishReason %s → %s", (raw, reason) => {
    const events = new GeminiResponseDecoder(ids()).decode({ candidates: [{ finishReason: raw }] });
    expect(events).toEqual([{ type: "finish", candidate: 0, reason, rawReason: raw }]);
  });

  it("a blocked prompt (no candidates) finishes as content-filter", () => {
    const events = new GeminiResponseDecoder(ids()).decode({ promptFeedback: { blockReason: "SAFETY" } });
    expect(events).toEqual([{ type: "finish", candidate: 0, reason: "content-filter", rawReason: "SAFETY" }]);
  });

  it("a blocked prompt with n candidates asked for finishes each of them: the client asked for n choices", () => {
    const events = new GeminiResponseDecoder(ids(), { candidates: 3 }).decode({
      promptFeedback: { blockReason: "OTHER" },
    });
    expect(events).toEqual(
      [0, 1, 2].map((candidate) => ({
        type: "finish",
        candidate,
        reason: "content-filter",
        rawReason: "OTHER",
      })),
    );
  });

  it("a signed text part: its text, then its signature as a text-signature (an empty signed part: only that)", () => {
    const decoder = new GeminiResponseDecoder(ids());
    const whole = decoder.decode({
      candidates: [{ content: { role: "model", parts: [{ text: "Hello!", thoughtSignature: "c2ln" }] } }],
    });
    expect(whole).toEqual([
      { type: "text-delta", candidate: 0, text: "Hello!" },
      { type: "text-signature", candidate: 0, signature: "c2ln" },
    ]);
    // Gemini 3 streams the signature on an empty text part of the last chunk.
    const last = decoder.decode({
      candidates: [
        { index: 1, content: { role: "model", parts: [{ text: "", thoughtSignature: "bGFzdA==" }] } },
      ],
    });
    expect(last).toEqual([{ type: "text-signature", candidate: 1, signature: "bGFzdA==" }]);
  });

  it("usage counts thoughts as output and reports cached input", () => {
    expect(
      convertUsage({ promptTokenCount: 100, candidatesTokenCount: 20, cachedContentTokenCount: 64 }),
    ).toEqual({
      inputTokens: 100,
      outputTokens: 20,
      reasoningTokens: 0,
      cachedTokens: 64,
    });
  });

  it("logprobsResult → on the chunk's text: its tokens, the chosen and the alternatives", () => {
    const hi = {
      chosenCandidates: [{ token: "Hi", logProbability: -0.1 }],
      topCandidates: [
        {
          candidates: [
            { token: "Hi", logProbability: -0.1 },
            { token: "Hey", logProbability: -2.5 },
          ],
        },
      ],
    };
    const tokens = [
      {
        token: "Hi",
        logprob: -0.1,
        top: [
          { token: "Hi", logprob: -0.1 },
          { token: "Hey", logprob: -2.5 },
        ],
      },
    ];
    const decoder = new GeminiResponseDecoder(ids());
    expect(
      decoder.decode({ candidates: [{ content: { parts: [{ text: "Hi" }] }, logprobsResult: hi }] }),
    ).toEqual([{ type: "text-delta", candidate: 0, text: "Hi", logprobs: tokens }]);
    // A chunk without text (a function call only): an event of their own.
    const call = { functionCall: { name: "f", args: {} } };
    expect(
      decoder.decode({ candidates: [{ content: { parts: [call] }, logprobsResult: hi }] }).at(-1),
    ).toEqual({
      type: "logprobs",
      candidate: 0,
      tokens,
    });
  });
});

describe("GeminiResponseDecoder with grounding", () => {
  const grounded = {
    content: { role: "model", parts: [{ text: "Spain won Euro 2024 in Berlin." }] },
    finishReason: "STOP",
    groundingMetadata: {
      webSearchQueries: ["Euro 2024 winner"],
      groundingChunks: [
        {
          web: {
            uri: "https://vertexaisearch.cloud.google.com/grounding-api-redirect/A1",
            title: "uefa.com",
          },
        },
      ],
      groundingSupports: [
        {
          segment: { endIndex: 19, text: "Spain won Euro 2024" },
          groundingChunkIndices: [0],
          confidenceScores: [0.9],
        },
      ],
      searchEntryPoint: { renderedContent: "<div></div>" },
    },
  };

  it("a grounded request's decoder gives the citations after the candidate's text, before its finish", () => {
    expect(new GeminiResponseDecoder(ids(), { grounding: true }).decode({ candidates: [grounded] })).toEqual([
      { type: "text-delta", candidate: 0, text: "Spain won Euro 2024 in Berlin." },
      {
        type: "citations",
        candidate: 0,
        queries: ["Euro 2024 winner"],
        sources: ["https://vertexaisearch.cloud.google.com/grounding-api-redirect/A1"],
        citations: [
          {
            start: 0,
            end: 19,
            url: "https://vertexaisearch.cloud.google.com/grounding-api-redirect/A1",
            title: "uefa.com",
          },
        ],
      },
      { type: "finish", candidate: 0, reason: "stop", rawReason: "STOP" },
    ]);
  });

  it("places a last chunk's segments in the text of the chunks before it", () => {
    const decoder = new GeminiResponseDecoder(ids(), { grounding: true });
    decoder.decode({ candidates: [{ content: { parts: [{ text: "Spain won " }] } }] });
    const { content: _content, ...last } = grounded;
    const events = decoder.decode({
      candidates: [{ ...last, content: { parts: [{ text: "Euro 2024 in Berlin." }] } }],
    });
    expect(events[1]).toMatchObject({ type: "citations", citations: [{ start: 0, end: 19 }] });
  });

  it("without grounding asked, groundingMetadata is not read (nothing kept per text part)", () => {
    expect(
      new GeminiResponseDecoder(ids()).decode({ candidates: [grounded] }).map((event) => event.type),
    ).toEqual(["text-delta", "finish"]);
  });

  it("metadata with pages found but no supports still gives the event (the search item lists the pages)", () => {
    const { groundingSupports: _supports, ...found } = grounded.groundingMetadata;
    const events = new GeminiResponseDecoder(ids(), { grounding: true }).decode({
      candidates: [{ ...grounded, groundingMetadata: { ...found, webSearchQueries: [] } }],
    });
    expect(events[1]).toEqual({
      type: "citations",
      candidate: 0,
      queries: [],
      sources: ["https://vertexaisearch.cloud.google.com/grounding-api-redirect/A1"],
      citations: [],
    });
  });

  it("parts agate does not model (Gemini 3's server-side toolCall, toolResponse) are read past", () => {
    const search = { id: "srv_1", toolType: "GOOGLE_SEARCH_WEB" };
    const events = new GeminiResponseDecoder(ids(), { grounding: true }).decode({
      candidates: [
        {
          ...grounded,
          content: {
            role: "model",
            // Not in GeminiPart: agate never asks for them (includeServerSideToolInvocations).
            parts: [
              { toolCall: { ...search, args: { queries: ["Euro 2024 winner"] } }, thoughtSignature: "c2ln" },
              { toolResponse: { ...search, response: {} } },
              { text: "Spain won Euro 2024 in Berlin." },
              { functionCall: { id: "f1", name: "save_fact", args: { fact: "Spain" } } },
            ] as GeminiPart[],
          },
        },
      ],
    });
    expect(events.map((event) => event.type)).toEqual(["text-delta", "tool-call", "citations", "finish"]);
    expect(events[2]).toMatchObject({ citations: [{ start: 0, end: 19 }] });
    expect(events[3]).toMatchObject({ reason: "tool-calls" });
  });

  it("metadata with neither queries, pages nor citations gives no event", () => {
    const events = new GeminiResponseDecoder(ids(), { grounding: true }).decode({
      candidates: [{ ...grounded, groundingMetadata: { searchEntryPoint: { renderedContent: "" } } }],
    });
    expect(events.map((event) => event.type)).toEqual(["text-delta", "finish"]);
  });
});

describe("GeminiResponseDecoder.decodeWhole", () => {
  it("a whole answer that finishes a candidate, or is blocked, decodes as decode does", () => {
    const answer = {
      candidates: [{ content: { role: "model", parts: [{ text: "hi" }] }, finishReason: "STOP" }],
    };
    expect(new GeminiResponseDecoder(ids()).decodeWhole(answer, "")).toEqual(
      new GeminiResponseDecoder(ids()).decode(answer),
    );
    const blocked = { promptFeedback: { blockReason: "SAFETY" } };
    expect(new GeminiResponseDecoder(ids()).decodeWhole(blocked, "")).toContainEqual(
      expect.objectContaining({ type: "finish", reason: "content-filter" }),
    );
  });

  it("a 200 with neither a candidate nor a block reason is a malformed answer, its body kept in part", () => {
    const body = { usageMetadata: { promptTokenCount: 3 } };
    const decode = () => new GeminiResponseDecoder(ids()).decodeWhole(body, JSON.stringify(body));
    expect(decode).toThrow(expect.objectContaining({ kind: "malformed", rawBody: JSON.stringify(body) }));
  });

  it("a malformed answer's usage goes on its error (Google billed it); none when it reported none", () => {
    const usageMetadata = { promptTokenCount: 40, candidatesTokenCount: 2, thoughtsTokenCount: 5 };
    const spent = { inputTokens: 40, outputTokens: 7, reasoningTokens: 5, cachedTokens: 0 };
    for (const body of [
      { candidates: [], usageMetadata },
      { candidates: [{ index: 0, content: { parts: [{ text: "Tw" }] } }], usageMetadata },
    ]) {
      const decode = () => new GeminiResponseDecoder(ids()).decodeWhole(body, JSON.stringify(body));
      expect(decode).toThrow(expect.objectContaining({ kind: "malformed", spent }));
    }
    const bare = () => new GeminiResponseDecoder(ids()).decodeWhole({ candidates: [] }, "{}");
    expect(bare).toThrow(expect.objectContaining({ kind: "malformed", spent: undefined }));
  });

  it("a candidate left without a finish reason beside one that finished is a malformed answer, not a stop", () => {
    const body = {
      candidates: [
        { index: 0, content: { parts: [{ text: "One" }] }, finishReason: "STOP" },
        { index: 1, content: { parts: [{ text: "Tw" }] } },
      ],
    };
    const decode = () => new GeminiResponseDecoder(ids()).decodeWhole(body, JSON.stringify(body));
    expect(decode).toThrow(expect.objectContaining({ kind: "malformed" }));
  });
});

describe("GeminiResponseDecoder with code execution", () => {
  /** Gemini 3's answer (recorded shape): code signed, two runs (the second raised), then text. */
  const answer = {
    candidates: [
      {
        content: {
          role: "model",
          parts: [
            { text: "Let me run it." },
            {
              executableCode: { language: "PYTHON", code: "print('ok')\nprint(1/0)" },
              thoughtSignature: "c2lnMQ==",
            },
            { codeExecutionResult: { outcome: "OUTCOME_OK", output: "ok\n" } },
            {
              codeExecutionResult: {
                outcome: "OUTCOME_FAILED",
                output: "ZeroDivisionError: division by zero\n",
              },
            },
            { text: "It printed ok, then failed." },
          ],
        },
        finishReason: "STOP",
        index: 0,
      },
    ],
    usageMetadata: {
      promptTokenCount: 23,
      candidatesTokenCount: 35,
      totalTokenCount: 347,
      toolUsePromptTokenCount: 289,
    },
  };

  it("executableCode (with Gemini 3's signature) and each codeExecutionResult become events between the texts; STOP stays stop", () => {
    expect(new GeminiResponseDecoder(ids()).decode(answer)).toEqual([
      { type: "text-delta", candidate: 0, text: "Let me run it." },
      { type: "code-execution", candidate: 0, code: "print('ok')\nprint(1/0)", signature: "c2lnMQ==" },
      { type: "code-execution-result", candidate: 0, outcome: "ok", output: "ok\n" },
      {
        type: "code-execution-result",
        candidate: 0,
        outcome: "failed",
        output: "ZeroDivisionError: division by zero\n",
      },
      { type: "text-delta", candidate: 0, text: "It printed ok, then failed." },
      { type: "finish", candidate: 0, reason: "stop", rawReason: "STOP" },
      // Input is promptTokenCount (contract §7): what the model read back from the runs is not in it.
      { type: "usage", usage: { inputTokens: 23, outputTokens: 35, reasoningTokens: 0, cachedTokens: 0 } },
    ]);
  });

  it.each([
    ["OUTCOME_DEADLINE_EXCEEDED", "timed-out"],
    ["OUTCOME_UNSPECIFIED", "failed"],
    [undefined, "failed"],
  ])("outcome %s → %s; a result without output has an empty one", (outcome, expected) => {
    const events = new GeminiResponseDecoder(ids()).decode({
      candidates: [
        { content: { parts: [{ codeExecutionResult: outcome === undefined ? {} : { outcome } }] } },
      ],
    });
    expect(events).toEqual([{ type: "code-execution-result", candidate: 0, outcome: expected, output: "" }]);
  });

  it("executableCode without code (a malformed upstream) gives empty code, not a crash", () => {
    const events = new GeminiResponseDecoder(ids()).decode({
      candidates: [{ content: { parts: [{ executableCode: { language: "PYTHON" } }] } }],
    });
    expect(events).toEqual([{ type: "code-execution", candidate: 0, code: "" }]);
  });
});
