import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signatureFromId, upstreamCallIdFromId } from "../../src/hub/tool-call-id.js";
import { twoWeatherCalls } from "../helpers/sim-replies.js";
import { type Stack, startStack } from "../helpers/stack.js";

let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack(1);
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.reset());

const tools: OpenAI.Chat.ChatCompletionTool[] = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "The weather in a city",
      parameters: {
        type: "object",
        properties: { city: { type: "string" }, unit: { type: ["string", "null"], enum: ["c", "f", null] } },
        required: ["city"],
        additionalProperties: false,
      },
      strict: true,
    },
  },
];

type GeminiBody = {
  contents: { role: string; parts: Record<string, unknown>[] }[];
  tools?: unknown;
  toolConfig?: unknown;
};
const lastGenerationConfig = () =>
  (upstreamBodies().at(-1) as { generationConfig?: unknown } | undefined)?.generationConfig;
const googleError = (message: string) => ({ error: { code: 400, message, status: "INVALID_ARGUMENT" } });
const upstreamBodies = () =>
  stack.simulator.requests
    .filter((request) => request.kind === "gemini" && request.model !== undefined)
    .map((r) => r.body as GeminiBody);

describe("tool calling on Gemini 3 through the openai SDK", () => {
  it.each([false, true])(
    "two rounds (stream: %s): the signature goes out in the id and comes back to Gemini",
    async (stream) => {
      stack.simulator.script({
        match: { model: "gemini-3-pro-preview" },
        respond: {
          reply: { functionCalls: [{ name: "get_weather", args: { city: "Paris" } }], signature: true },
        },
      });
      const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
        { role: "user", content: "Weather in Paris?" },
      ];
      let call: OpenAI.Chat.ChatCompletionMessageFunctionToolCall | undefined;
      if (stream) {
        const chunks = await client.chat.completions.create({
          model: "gemini-3-pro-preview",
          messages,
          tools,
          stream: true,
        });
        const deltas = [];
        let finish: string | null | undefined;
        for await (const chunk of chunks) {
          deltas.push(...(chunk.choices[0]?.delta.tool_calls ?? []));
          finish = chunk.choices[0]?.finish_reason ?? finish;
        }
        expect(finish).toBe("tool_calls");
        expect(deltas).toHaveLength(1);
        expect(deltas[0]).toMatchObject({ index: 0, type: "function", function: { name: "get_weather" } });
        const delta = deltas[0];
        call = {
          id: delta?.id ?? "",
          type: "function",
          function: { name: delta?.function?.name ?? "", arguments: delta?.function?.arguments ?? "" },
        };
      } else {
        const first = await client.chat.completions.create({
          model: "gemini-3-pro-preview",
          messages,
          tools,
          tool_choice: "auto",
        });
        expect(first.choices[0]?.finish_reason).toBe("tool_calls");
        expect(first.choices[0]?.message.content).toBeNull();
        call = first.choices[0]?.message.tool_calls?.[0] as OpenAI.Chat.ChatCompletionMessageFunctionToolCall;
      }
      expect(call?.id).toMatch(/__ts_/);
      expect(JSON.parse(call?.function.arguments ?? "")).toEqual({ city: "Paris" });

      const firstBody = upstreamBodies()[0];
      expect(firstBody?.tools).toEqual([
        {
          functionDeclarations: [
            {
              name: "get_weather",
              description: "The weather in a city",
              parameters: {
                type: "object",
                properties: {
                  city: { type: "string" },
                  unit: { type: "string", enum: ["c", "f"], nullable: true },
                },
                required: ["city"],
              },
            },
          ],
        },
      ]);

      // Round two: a stateless client replays only OpenAI fields; the simulator refuses a call without its signature.
      const second = await client.chat.completions.create({
        model: "gemini-3-pro-preview",
        tools,
        messages: [
          ...messages,
          {
            role: "assistant",
            content: null,
            tool_calls: [call as OpenAI.Chat.ChatCompletionMessageFunctionToolCall],
          },
          { role: "tool", tool_call_id: call?.id ?? "", content: '{"temperature":21,"sky":"clear"}' },
        ],
      });
      expect(second.choices[0]?.finish_reason).toBe("stop");
      const replayed = upstreamBodies()[1]?.contents;
      // Gemini 3 gave the call an id: it rides in the client's id and goes back on the call and its response.
      const id = upstreamCallIdFromId(call?.id ?? "");
      expect(id).toMatch(/^[a-z0-9]{8}$/);
      expect(replayed?.[1]).toMatchObject({
        role: "model",
        parts: [{ functionCall: { id, name: "get_weather", args: { city: "Paris" } } }],
      });
      const signature = replayed?.[1]?.parts[0]?.thoughtSignature;
      expect(typeof signature).toBe("string");
      expect(signature).not.toBe("skip_thought_signature_validator");
      expect(replayed?.[2]).toEqual({
        role: "user",
        parts: [
          { functionResponse: { id, name: "get_weather", response: { temperature: 21, sky: "clear" } } },
        ],
      });
    },
  );

  it("a client that rewrote the id still gets the signature from the store after the id's own part", async () => {
    stack.simulator.script({
      match: { model: "gemini-3-pro-preview" },
      respond: {
        reply: { functionCalls: [{ name: "get_weather", args: { city: "Oslo" } }], signature: true },
      },
    });
    const first = await client.chat.completions.create({
      model: "gemini-3-pro-preview",
      messages: [{ role: "user", content: "Oslo?" }],
      tools,
    });
    const call = first.choices[0]?.message
      .tool_calls?.[0] as OpenAI.Chat.ChatCompletionMessageFunctionToolCall;
    const truncatedId = call.id.slice(0, call.id.indexOf("__ts_") + 8);
    await client.chat.completions.create({
      model: "gemini-3-pro-preview",
      tools,
      messages: [
        { role: "user", content: "Oslo?" },
        { role: "assistant", content: null, tool_calls: [{ ...call, id: truncatedId }] },
        { role: "tool", tool_call_id: truncatedId, content: "snow" },
      ],
    });
    const issued = signatureFromId(call.id);
    expect(issued).toBeDefined();
    expect(upstreamBodies()[1]?.contents[1]?.parts[0]?.thoughtSignature).toBe(issued);
  });

  it("a replayed call whose arguments are not a JSON object: wrapped as {raw} / {value}, the signature kept", async () => {
    stack.simulator.script({
      match: { model: "gemini-3-pro-preview" },
      respond: {
        reply: { functionCalls: [{ name: "get_weather", args: { city: "Lima" } }], signature: true },
      },
    });
    const first = await client.chat.completions.create({
      model: "gemini-3-pro-preview",
      messages: [{ role: "user", content: "Lima?" }],
      tools,
    });
    const call = first.choices[0]?.message
      .tool_calls?.[0] as OpenAI.Chat.ChatCompletionMessageFunctionToolCall;
    for (const [text, args] of [
      ["{bad", { raw: "{bad" }],
      ['"Lima"', { value: "Lima" }],
    ] as const) {
      const answer = await client.chat.completions.create({
        model: "gemini-3-pro-preview",
        tools,
        messages: [
          { role: "user", content: "Lima?" },
          {
            role: "assistant",
            content: null,
            tool_calls: [{ ...call, function: { ...call.function, arguments: text } }],
          },
          { role: "tool", tool_call_id: call.id, content: "error: the arguments are not a JSON object" },
        ],
      });
      expect(answer.choices[0]?.finish_reason).toBe("stop");
      const replayed = upstreamBodies().at(-1)?.contents[1]?.parts[0];
      const id = upstreamCallIdFromId(call.id);
      expect(replayed?.functionCall).toEqual({ id, name: "get_weather", args });
      expect(replayed?.thoughtSignature).toBe(signatureFromId(call.id));
    }
  });

  it("no signature anywhere: the documented sentinel is sent and the call still works", async () => {
    const answer = await client.chat.completions.create({
      model: "gemini-3-pro-preview",
      tools,
      messages: [
        { role: "user", content: "Rome?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            {
              id: "call_from_elsewhere",
              type: "function",
              function: { name: "get_weather", arguments: '{"city":"Rome"}' },
            },
          ],
        },
        { role: "tool", tool_call_id: "call_from_elsewhere", content: "hot" },
      ],
    });
    expect(answer.choices[0]?.finish_reason).toBe("stop");
    expect(upstreamBodies()[0]?.contents[1]?.parts[0]?.thoughtSignature).toBe(
      "skip_thought_signature_validator",
    );
  });

  it("tool_choice by name → ANY limited to that function", async () => {
    await client.chat.completions.create({
      model: "gemini-2.5-flash",
      messages: [{ role: "user", content: "x" }],
      tools,
      tool_choice: { type: "function", function: { name: "get_weather" } },
    });
    expect(upstreamBodies()[0]?.toolConfig).toEqual({
      functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["get_weather"] },
    });
  });

  it("allowed_tools → the model calls only a tool it lists (ANY, or VALIDATED when it may answer)", async () => {
    const clock: OpenAI.Chat.ChatCompletionTool = {
      type: "function",
      function: {
        name: "get_time",
        parameters: { type: "object", properties: { zone: { type: "string" } } },
      },
    };
    const answer = await client.chat.completions.create({
      model: "gemini-2.5-flash",
      messages: [{ role: "user", content: "x" }],
      tools: [...tools, clock],
      tool_choice: {
        type: "allowed_tools",
        allowed_tools: { mode: "required", tools: [{ type: "function", function: { name: "get_time" } }] },
      },
    });
    expect(
      answer.choices[0]?.message.tool_calls?.map((call) => call.type === "function" && call.function.name),
    ).toEqual(["get_time"]);
    await client.chat.completions.create({
      model: "gemini-2.5-flash",
      messages: [{ role: "user", content: "x" }],
      tools: [...tools, clock],
      tool_choice: {
        type: "allowed_tools",
        allowed_tools: { mode: "auto", tools: [{ type: "function", function: { name: "get_time" } }] },
      },
    });
    expect(upstreamBodies()[1]?.toolConfig).toEqual({
      functionCallingConfig: { mode: "VALIDATED", allowedFunctionNames: ["get_time"] },
    });
  });

  it("the deprecated functions / function_call: the call comes back as message.function_call, and round-trips", async () => {
    const functions = [(tools[0] as OpenAI.Chat.ChatCompletionFunctionTool).function];
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
      { role: "user", content: "Weather in Paris?" },
    ];
    const first = await client.chat.completions.create({
      model: "gemini-2.5-flash",
      messages,
      functions,
      function_call: { name: "get_weather" },
    });
    const message = first.choices[0]?.message;
    expect(first.choices[0]?.finish_reason).toBe("function_call");
    expect(message?.tool_calls).toBeUndefined();
    expect(message?.function_call?.name).toBe("get_weather");
    expect(upstreamBodies()[0]?.toolConfig).toEqual({
      functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["get_weather"] },
    });
    messages.push(message as OpenAI.Chat.ChatCompletionMessageParam, {
      role: "function",
      name: "get_weather",
      content: '{"sky":"clear"}',
    });
    const second = await client.chat.completions.create({ model: "gemini-2.5-flash", messages, functions });
    expect(second.choices[0]?.finish_reason).toBe("stop");
    const streamed = await client.chat.completions.create({
      model: "gemini-2.5-flash",
      messages: messages.slice(0, 1),
      functions,
      function_call: { name: "get_weather" },
      stream: true,
    });
    const deltas = [];
    for await (const chunk of streamed) deltas.push(chunk.choices[0]);
    expect(
      deltas.find((choice) => choice?.delta.function_call !== undefined)?.delta.function_call?.name,
    ).toBe("get_weather");
    expect(deltas.at(-1)?.finish_reason).toBe("function_call");
  });

  it("MALFORMED_FUNCTION_CALL is retried once, then surfaced as an error (never a silent stop)", async () => {
    stack.simulator.script({ respond: { reply: { finishReason: "MALFORMED_FUNCTION_CALL" } } });
    const recovered = await client.chat.completions.create({
      model: "gemini-2.5-flash",
      messages: [{ role: "user", content: "x" }],
      tools,
    });
    expect(recovered.choices[0]?.message.content).toContain("You said: x");
    stack.simulator.script({ times: 2, respond: { reply: { finishReason: "MALFORMED_FUNCTION_CALL" } } });
    const error = await client.chat.completions
      .create({ model: "gemini-2.5-flash", messages: [{ role: "user", content: "y" }], tools })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toContain("MALFORMED_FUNCTION_CALL");
  });
});

describe("parallel_tool_calls: false through the openai SDK", () => {
  const request = {
    model: "gpt-4o",
    messages: [{ role: "user" as const, content: "Weather in Paris and Rome?" }],
    tools,
  };

  it("Gemini calls twice: whole and streamed, the client gets the first call only, finish tool_calls", async () => {
    stack.simulator.script(twoWeatherCalls);
    const whole = await client.chat.completions.create({ ...request, parallel_tool_calls: false });
    expect(whole.choices[0]?.finish_reason).toBe("tool_calls");
    expect(
      whole.choices[0]?.message.tool_calls?.map(
        (call) => call.type === "function" && call.function.arguments,
      ),
    ).toEqual(['{"city":"Paris"}']);
    const stream = await client.chat.completions.create({
      ...request,
      parallel_tool_calls: false,
      stream: true,
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(calls.map((call) => [call.index, call.function?.arguments])).toEqual([[0, '{"city":"Paris"}']]);
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason).filter(Boolean)).toEqual(["tool_calls"]);
  });

  it("control: without it both calls come back", async () => {
    stack.simulator.script(twoWeatherCalls);
    const whole = await client.chat.completions.create(request);
    expect(whole.choices[0]?.message.tool_calls).toHaveLength(2);
  });
});

describe("other chat features end to end", () => {
  it("n: 2 → two choices (Gemini 2.5 gives several; Gemini 3 refuses)", async () => {
    const answer = await client.chat.completions.create({
      model: "gemini-2.5-flash",
      n: 2,
      messages: [{ role: "user", content: "two" }],
    });
    expect(answer.choices.map((choice) => choice.index)).toEqual([0, 1]);
    expect(lastGenerationConfig()).toEqual({ candidateCount: 2 });
  });

  it("JSON mode → responseMimeType application/json", async () => {
    await client.chat.completions.create({
      model: "gpt-4o",
      response_format: { type: "json_object" },
      messages: [{ role: "user", content: "json please" }],
    });
    expect(lastGenerationConfig()).toEqual({
      responseMimeType: "application/json",
    });
  });

  it("tools with a JSON schema answer on Gemini 2.5 (which refuses both): a call, then the JSON answer", async () => {
    stack.simulator.script({
      respond: { reply: { functionCalls: [{ name: "get_weather", args: { city: "Paris" } }] } },
    });
    stack.simulator.script({ respond: { reply: { text: '{"city":"Paris","sky":"clear"}' } } });
    const format = {
      type: "json_schema",
      json_schema: {
        name: "report",
        strict: true,
        schema: {
          type: "object",
          properties: { city: { type: "string" }, sky: { type: "string" } },
          required: ["city", "sky"],
          additionalProperties: false,
        },
      },
    } as const;
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [
      { role: "user", content: "Weather in Paris?" },
    ];
    const first = await client.chat.completions.create({
      model: "gemini-2.5-flash",
      messages,
      tools,
      response_format: format,
    });
    const call = first.choices[0]?.message.tool_calls?.[0];
    expect(first.choices[0]?.finish_reason).toBe("tool_calls");
    messages.push(first.choices[0]?.message as OpenAI.Chat.ChatCompletionMessageParam, {
      role: "tool",
      tool_call_id: call?.id ?? "",
      content: '{"sky":"clear"}',
    });
    const second = await client.chat.completions.parse({
      model: "gemini-2.5-flash",
      messages,
      tools,
      response_format: format,
    });
    expect(second.choices[0]?.message.parsed).toEqual({ city: "Paris", sky: "clear" });
    // Both calls (the tool call, then the JSON answer) went up without the JSON response format.
    expect(upstreamBodies()).toHaveLength(2);
    for (const body of upstreamBodies() as (GeminiBody & Record<string, unknown>)[]) {
      expect(body.generationConfig).toBeUndefined();
      expect(JSON.stringify(body.systemInstruction)).toContain('\\"required\\":[\\"city\\",\\"sky\\"]');
    }
  });

  it("a vision message: data: URL inline, https URL by reference", async () => {
    await client.chat.completions.create({
      model: "gpt-4o",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is in these?" },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
            { type: "image_url", image_url: { url: "https://example.com/cat.jpg" } },
          ],
        },
      ],
    });
    expect(upstreamBodies()[0]?.contents[0]?.parts).toEqual([
      { text: "What is in these?" },
      { inlineData: { mimeType: "image/png", data: "iVBORw0KGgo=" } },
      { fileData: { mimeType: "image/jpeg", fileUri: "https://example.com/cat.jpg" } },
    ]);
  });

  it("reasoning_effort → thoughts come back as reasoning_content, counted in usage", async () => {
    const answer = await client.chat.completions.create({
      model: "gemini-2.5-flash",
      reasoning_effort: "high",
      messages: [{ role: "user", content: "think" }],
    });
    const message = answer.choices[0]?.message as { reasoning_content?: string; content: string | null };
    expect(message.reasoning_content).toBeTruthy();
    expect(message.content).toContain("You said: think");
    expect(answer.usage?.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
  });

  it("reasoning_effort none and xhigh (OpenAI's newest) → the least and the most thinking Gemini 2.5 has", async () => {
    const none = await client.chat.completions.create({
      model: "gemini-2.5-flash",
      reasoning_effort: "none",
      messages: [{ role: "user", content: "quick" }],
    });
    expect(lastGenerationConfig()).toEqual({ thinkingConfig: { includeThoughts: false, thinkingBudget: 0 } });
    expect(none.choices[0]?.message).not.toHaveProperty("reasoning_content");
    expect(none.choices[0]?.message.content).toContain("You said: quick");
    await client.chat.completions.create({
      model: "gemini-2.5-flash",
      reasoning_effort: "xhigh",
      messages: [{ role: "user", content: "think hard" }],
    });
    expect(lastGenerationConfig()).toEqual({
      thinkingConfig: { includeThoughts: true, thinkingBudget: 24_576 },
    });
  });

  const refusal = (request: Promise<unknown>) =>
    request.then(
      () => {
        throw new Error("expected an error");
      },
      (error: unknown) => error as InstanceType<typeof OpenAI.APIError>,
    );

  it("an upstream 400 quoting the account's key reaches the client redacted; an input too long is context_length_exceeded", async () => {
    stack.simulator.script({
      respond: {
        error: { status: 400, body: googleError("API key sim-key-1 is not valid for this request") },
      },
    });
    const refused = await refusal(
      client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "x" }] }),
    );
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect(refused.message).toContain("API key [redacted] is not valid");
    stack.simulator.script({
      respond: {
        error: {
          status: 400,
          body: googleError(
            "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).",
          ),
        },
      },
    });
    const tooLong = await refusal(
      client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "x" }] }),
    );
    expect(tooLong.code).toBe("context_length_exceeded");
    expect(tooLong.status).toBe(400);
  });

  it("a blocked prompt is a content_filter answer, not an error", async () => {
    stack.simulator.script({ respond: { reply: { blockReason: "SAFETY" } } });
    const answer = await client.chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "x" }],
    });
    expect(answer.choices[0]?.finish_reason).toBe("content_filter");
  });
});
