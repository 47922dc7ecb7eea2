import type OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { upstreamCallIdFromId } from "../../src/hub/tool-call-id.js";
import type { Content, RecordedRequest } from "../../src/simulator/index.js";
import { generations, type PoolStack, startPoolStack } from "../pool/support.js";

/**
 * Gemini 3 gives each function call an id; a stateless client (the openai SDK, the whole history every turn)
 * gets it back inside the tool-call id, and agate sends it on the replayed call and on the response that
 * answers it. The simulator refuses a functionResponse.id that no call before it has.
 */
const MODEL = "gemini-3-pro-preview";
const accountsOf = {
  gemini: [{ kind: "gemini", label: "key@test", api_key: "sim-key" }],
  cloudcode: [{ kind: "cloudcode", label: "oauth@test", refresh_token: "sim-refresh-ids" }],
};

/** The contents of a generation request, inside the Cloud Code envelope or not. */
function contentsOf(request: RecordedRequest | undefined): Content[] {
  const body = request?.body as { contents?: Content[]; request?: { contents?: Content[] } } | undefined;
  return body?.request?.contents ?? body?.contents ?? [];
}

/** Gemini answers with two parallel get_weather calls (Paris, Rome), the first signed; then in words. */
function scriptTwoCalls(stack: PoolStack): void {
  stack.simulator.script({
    respond: {
      reply: {
        functionCalls: [
          { name: "get_weather", args: { city: "Paris" } },
          { name: "get_weather", args: { city: "Rome" } },
        ],
        signature: true,
      },
    },
  });
}

/** What the last request sent upstream (Cloud Code may have retried one after a refresh): the ids on the calls and on the responses, in their order. */
function replayedIds(stack: PoolStack) {
  const contents = contentsOf(generations(stack.simulator).at(-1));
  const model = contents.find((content) => content.role === "model");
  const results = contents.at(-1);
  return {
    calls: (model?.parts ?? []).map((part) => [part.functionCall?.args?.city, part.functionCall?.id]),
    responses: (results?.parts ?? []).map((part) => [
      part.functionResponse?.response,
      part.functionResponse?.id,
    ]),
  };
}

const chatTools: OpenAI.Chat.ChatCompletionTool[] = [
  {
    type: "function",
    function: {
      name: "get_weather",
      parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    },
  },
];
const responsesTools: OpenAI.Responses.FunctionTool[] = [
  {
    type: "function",
    name: "get_weather",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    strict: false,
  },
];

describe.each(["gemini", "cloudcode"] as const)("Gemini 3 function call ids (%s accounts)", (kind) => {
  let stack: PoolStack;
  beforeAll(async () => {
    stack = await startPoolStack({ accounts: accountsOf[kind] });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.simulator.reset());

  it.each([false, true])(
    "chat, stateless (stream: %s): each call and its result go back with Gemini's id",
    async (stream) => {
      scriptTwoCalls(stack);
      const question: OpenAI.Chat.ChatCompletionMessageParam = { role: "user", content: "Paris and Rome?" };
      const calls: OpenAI.Chat.ChatCompletionMessageFunctionToolCall[] = [];
      if (stream) {
        const chunks = await stack.client.chat.completions.create({
          model: MODEL,
          messages: [question],
          tools: chatTools,
          stream: true,
        });
        for await (const chunk of chunks)
          for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
            if (delta.id !== undefined)
              calls[delta.index] = {
                id: delta.id,
                type: "function",
                function: { name: delta.function?.name ?? "", arguments: "" },
              };
            const call = calls[delta.index];
            if (call !== undefined) call.function.arguments += delta.function?.arguments ?? "";
          }
      } else {
        const first = await stack.client.chat.completions.create({
          model: MODEL,
          messages: [question],
          tools: chatTools,
        });
        calls.push(...((first.choices[0]?.message.tool_calls ?? []) as typeof calls));
      }
      expect(calls).toHaveLength(2);
      const [paris, rome] = calls.map((call) => upstreamCallIdFromId(call.id));
      expect(paris).toMatch(/^[a-z0-9]{8}$/);
      expect(rome).toMatch(/^[a-z0-9]{8}$/);
      expect(paris).not.toBe(rome);
      for (const call of calls) expect(call.id).toMatch(/^call_[A-Za-z0-9_-]+$/);

      // The client answers Rome first: Gemini pairs the results with the calls by id.
      const second = await stack.client.chat.completions.create({
        model: MODEL,
        tools: chatTools,
        messages: [
          question,
          { role: "assistant", content: null, tool_calls: calls },
          { role: "tool", tool_call_id: calls[1]?.id ?? "", content: '{"sky":"rain"}' },
          { role: "tool", tool_call_id: calls[0]?.id ?? "", content: '{"sky":"sun"}' },
        ],
      });
      expect(second.choices[0]?.finish_reason).toBe("stop");
      expect(replayedIds(stack)).toEqual({
        calls: [
          ["Paris", paris],
          ["Rome", rome],
        ],
        responses: [
          [{ sky: "sun" }, paris],
          [{ sky: "rain" }, rome],
        ],
      });
    },
  );

  it.each([false, true])(
    "Responses, stateless (stream: %s): call_id carries Gemini's id back on both parts",
    async (stream) => {
      scriptTwoCalls(stack);
      const ask = { model: MODEL, tools: responsesTools, store: false } as const;
      let output: OpenAI.Responses.ResponseOutputItem[];
      if (stream) {
        const events = await stack.client.responses.create({
          ...ask,
          input: "Paris and Rome?",
          stream: true,
        });
        output = [];
        for await (const event of events)
          if (event.type === "response.output_item.done") output.push(event.item);
      } else {
        output = (await stack.client.responses.create({ ...ask, input: "Paris and Rome?" })).output;
      }
      const calls = output.filter(
        (item): item is OpenAI.Responses.ResponseFunctionToolCall => item.type === "function_call",
      );
      expect(calls).toHaveLength(2);
      const [paris, rome] = calls.map((call) => upstreamCallIdFromId(call.call_id));
      expect(paris).toMatch(/^[a-z0-9]{8}$/);
      expect(rome).toMatch(/^[a-z0-9]{8}$/);

      const second = await stack.client.responses.create({
        ...ask,
        input: [
          { role: "user", content: "Paris and Rome?" },
          ...calls,
          { type: "function_call_output", call_id: calls[1]?.call_id ?? "", output: "rain" },
          { type: "function_call_output", call_id: calls[0]?.call_id ?? "", output: "sun" },
        ],
      });
      expect(second.status).toBe("completed");
      expect(replayedIds(stack)).toEqual({
        calls: [
          ["Paris", paris],
          ["Rome", rome],
        ],
        responses: [
          [{ result: "sun" }, paris],
          [{ result: "rain" }, rome],
        ],
      });
    },
  );

  it("a history whose call ids the client made up: no id goes to Gemini, and it answers", async () => {
    const answer = await stack.client.chat.completions.create({
      model: MODEL,
      tools: chatTools,
      messages: [
        { role: "user", content: "Paris?" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            {
              id: "call_Xy12AbCdEf",
              type: "function",
              function: { name: "get_weather", arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: "tool", tool_call_id: "call_Xy12AbCdEf", content: "sun" },
      ],
    });
    expect(answer.choices[0]?.finish_reason).toBe("stop");
    expect(JSON.stringify(contentsOf(generations(stack.simulator).at(-1)))).not.toMatch(/"id"/);
  });
});
