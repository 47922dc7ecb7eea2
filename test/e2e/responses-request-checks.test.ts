import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { refusal } from "../helpers/sdk-refusal.js";
import { twoWeatherCalls } from "../helpers/sim-replies.js";
import { generationCalls } from "../helpers/sim-requests.js";
import { type Stack, startStack } from "../helpers/stack.js";

/** Responses inputs that Gemini would refuse with a 400 naming nothing: refused by agate first, naming the param. */

let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack(1);
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.reset());

const upstreamCalls = () => generationCalls(stack.simulator);

const weather: OpenAI.Responses.FunctionTool = {
  type: "function",
  name: "get_weather",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  strict: false,
};

const call = (callId: string, city: string): OpenAI.Responses.ResponseFunctionToolCall => ({
  type: "function_call",
  call_id: callId,
  name: "get_weather",
  arguments: JSON.stringify({ city }),
});
const output = (callId: string, text: string): OpenAI.Responses.ResponseInputItem.FunctionCallOutput => ({
  type: "function_call_output",
  call_id: callId,
  output: text,
});

describe("calls and their outputs in a Responses input", () => {
  it("a function_call with no output → BadRequestError naming the call, nothing sent upstream", async () => {
    const error = await refusal(
      client.responses.create({
        model: "gemini-2.5-flash",
        tools: [weather],
        input: [
          { role: "user", content: "Weather in Paris and Rome?" },
          call("call_paris", "Paris"),
          call("call_rome", "Rome"),
          output("call_paris", "sunny"),
          { role: "user", content: "Go on" },
        ],
      }),
    );
    expect(error.status).toBe(400);
    expect(error.param).toBe("input[2]");
    expect(error.message).toMatch(/^400 No tool output found for function call call_rome\. /);
    expect(error.message).toContain("function_call_output");
    expect(upstreamCalls()).toHaveLength(0);
  });

  it("previous_response_id whose calls get no output in the new input → 400 naming input", async () => {
    stack.simulator.script(twoWeatherCalls);
    const first = await client.responses.create({
      model: "gemini-2.5-flash",
      tools: [weather],
      input: "Weather in Paris and Rome?",
    });
    const calls = first.output.filter((item) => item.type === "function_call");
    expect(calls).toHaveLength(2);
    const error = await refusal(
      client.responses.create({
        model: "gemini-2.5-flash",
        tools: [weather],
        previous_response_id: first.id,
        input: [output(calls[1]?.call_id ?? "", "rain")],
      }),
    );
    expect(error.param).toBe("input");
    expect(error.message).toContain(`No tool output found for function call ${calls[0]?.call_id}.`);
    expect(upstreamCalls()).toHaveLength(1);
  });

  it("previous_response_id with the outputs in the new input, in any order, is answered", async () => {
    stack.simulator.script({ ...twoWeatherCalls, forever: false, times: 1 });
    const first = await client.responses.create({
      model: "gemini-2.5-flash",
      tools: [weather],
      input: "Weather in Paris and Rome?",
    });
    const [paris, rome] = first.output.filter((item) => item.type === "function_call");
    const second = await client.responses.create({
      model: "gemini-2.5-flash",
      tools: [weather],
      previous_response_id: first.id,
      input: [output(rome?.call_id ?? "", "rain"), output(paris?.call_id ?? "", "sun")],
    });
    expect(second.status).toBe("completed");
  });

  it("an output whose call_id matches no call → BadRequestError worded as OpenAI's, nothing sent upstream", async () => {
    const error = await refusal(
      client.responses.create({
        model: "gemini-2.5-flash",
        tools: [weather],
        input: [{ role: "user", content: "Weather?" }, output("call_nowhere", "sunny")],
      }),
    );
    expect(error.param).toBe("input[1].call_id");
    expect(error.message).toMatch(
      /^400 No tool call found for function call output with call_id call_nowhere\. /,
    );
    expect(upstreamCalls()).toHaveLength(0);
  });

  it("a stateless full history (calls interleaved with outputs, reasoning items) is answered", async () => {
    const response = await client.responses.create({
      model: "gemini-2.5-flash",
      tools: [weather],
      store: false,
      input: [
        { role: "user", content: "Weather in Paris and Rome?" },
        { type: "reasoning", id: "rs_1", summary: [] },
        call("call_paris", "Paris"),
        output("call_paris", "sunny"),
        call("call_rome", "Rome"),
        output("call_rome", "rain"),
      ],
    });
    expect(response.status).toBe("completed");
  });
});

describe("item ids in a Responses input", () => {
  it("previous_response_id with that response's output resent in the input → 400 worded as OpenAI's, nothing sent upstream", async () => {
    const first = await client.responses.create({ model: "gemini-2.5-flash", input: "Hello" });
    stack.simulator.reset();
    const error = await refusal(
      client.responses.create({
        model: "gemini-2.5-flash",
        previous_response_id: first.id,
        input: [...(first.output as OpenAI.Responses.ResponseInputItem[]), { role: "user", content: "And?" }],
      }),
    );
    expect(error).toMatchObject({ param: "input", code: null });
    expect(error.message).toBe(
      `400 Duplicate item found with id ${first.output[0]?.id}. Remove duplicate items from your input and try again.`,
    );
    expect(upstreamCalls()).toHaveLength(0);
  });
});

describe("OpenAI's limits on a Responses request", () => {
  it.each([
    [{ max_output_tokens: 8 }, "max_output_tokens", "integer_below_min_value"],
    [
      { metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, "v"])) },
      "metadata",
      "object_above_max_properties",
    ],
    [{ metadata: { ["k".repeat(65)]: "v" } }, `metadata.${"k".repeat(65)}`, "property_name_above_max_length"],
    [{ metadata: { note: "v".repeat(513) } }, "metadata.note", "string_above_max_length"],
  ])("%j → BadRequestError naming %s with code %s, nothing sent upstream", async (fields, param, code) => {
    const error = await refusal(
      client.responses.create({ model: "gemini-2.5-flash", input: "Hello", ...fields }),
    );
    expect(error).toMatchObject({ status: 400, param, code, type: "invalid_request_error" });
    expect(upstreamCalls()).toHaveLength(0);
  });
});
