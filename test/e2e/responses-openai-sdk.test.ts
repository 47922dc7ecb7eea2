import OpenAI from "openai";
import { zodTextFormat } from "openai/helpers/zod";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { upstreamCallIdFromId } from "../../src/hub/tool-call-id.js";
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

type GeminiBody = {
  contents: { role: string; parts: Record<string, unknown>[] }[];
  systemInstruction?: unknown;
  tools?: unknown;
  generationConfig?: Record<string, unknown>;
};
const upstreamBodies = () =>
  stack.simulator.requests
    .filter((request) => request.model !== undefined)
    .map((request) => request.body as GeminiBody);

const weather: OpenAI.Responses.FunctionTool = {
  type: "function",
  name: "get_weather",
  description: "Weather in a city",
  parameters: {
    type: "object",
    properties: { city: { type: "string" } },
    required: ["city"],
    additionalProperties: false,
  },
  strict: true,
};

describe("responses.create through the official openai SDK", () => {
  it("text with instructions: a real Response object, output_text, usage, the echoed settings", async () => {
    const response = await client.responses.create({
      model: "gpt-4o",
      instructions: "Be brief.",
      input: "hello there",
      temperature: 0.5,
      metadata: { team: "a" },
    });
    expect(response.id).toMatch(/^resp_/);
    expect(response.object).toBe("response");
    expect(response.status).toBe("completed");
    expect(response.model).toBe("gpt-4o");
    expect(response.output_text).toContain("You said: hello there");
    expect(response.output[0]).toMatchObject({ type: "message", role: "assistant", status: "completed" });
    expect(response.usage?.total_tokens).toBeGreaterThan(0);
    expect(response.temperature).toBe(0.5);
    expect(response.metadata).toEqual({ team: "a" });
    expect(response.instructions).toBe("Be brief.");
    expect(upstreamBodies()[0]?.systemInstruction).toEqual({ parts: [{ text: "Be brief." }] });
  });

  it("a developer message goes to systemInstruction; an image input goes inline", async () => {
    await client.responses.create({
      model: "gpt-4o",
      input: [
        { role: "developer", content: "Answer in French." },
        {
          role: "user",
          content: [
            { type: "input_text", text: "What is this?" },
            { type: "input_image", image_url: "data:image/png;base64,iVBORw0KGgo=", detail: "auto" },
          ],
        },
      ],
    });
    const body = upstreamBodies()[0];
    expect(body?.systemInstruction).toEqual({ parts: [{ text: "Answer in French." }] });
    expect(body?.contents[0]?.parts).toEqual([
      { text: "What is this?" },
      { inlineData: { mimeType: "image/png", data: "iVBORw0KGgo=" } },
    ]);
  });

  it("an input of only a developer message is answered: Gemini gets the instructions as the user's turn", async () => {
    const response = await client.responses.create({
      model: "gpt-4o",
      instructions: "Be brief.",
      input: [{ role: "developer", content: "Write a haiku." }],
    });
    expect(response.status).toBe("completed");
    const body = upstreamBodies()[0];
    expect(body?.systemInstruction).toBeUndefined();
    expect(body?.contents).toEqual([{ role: "user", parts: [{ text: "Be brief.\n\nWrite a haiku." }] }]);
  });

  it("a function tool round trip with function_call_output (Gemini 3, stateless)", async () => {
    stack.simulator.script({
      respond: {
        reply: { functionCalls: [{ name: "get_weather", args: { city: "Paris" } }], signature: true },
      },
    });
    const first = await client.responses.create({
      model: "gemini-3-pro-preview",
      input: "Weather in Paris?",
      tools: [weather],
      store: false,
    });
    const call = first.output.find((item) => item.type === "function_call");
    expect(call).toMatchObject({ type: "function_call", name: "get_weather", status: "completed" });
    if (call?.type !== "function_call") throw new Error("no call");
    expect(JSON.parse(call.arguments)).toEqual({ city: "Paris" });
    const second = await client.responses.create({
      model: "gemini-3-pro-preview",
      tools: [weather],
      store: false,
      input: [
        { role: "user", content: "Weather in Paris?" },
        call,
        { type: "function_call_output", call_id: call.call_id, output: "sunny, 24C" },
      ],
    });
    expect(second.status).toBe("completed");
    const replayed = upstreamBodies()[1]?.contents;
    expect(replayed?.[1]?.parts[0]).toMatchObject({ functionCall: { name: "get_weather" } });
    expect(replayed?.[1]?.parts[0]?.thoughtSignature).not.toBe("skip_thought_signature_validator");
    const id = upstreamCallIdFromId(call.call_id);
    expect(id).toMatch(/^[a-z0-9]{8}$/);
    expect(replayed?.[1]?.parts[0]).toMatchObject({ functionCall: { id } });
    expect(replayed?.[2]?.parts[0]).toEqual({
      functionResponse: { id, name: "get_weather", response: { result: "sunny, 24C" } },
    });
  });

  it("a replayed call whose arguments are not a JSON object is wrapped, its signature kept (Gemini 3, stateless)", async () => {
    stack.simulator.script({
      respond: {
        reply: { functionCalls: [{ name: "get_weather", args: { city: "Paris" } }], signature: true },
      },
    });
    const first = await client.responses.create({
      model: "gemini-3-pro-preview",
      input: "Weather in Paris?",
      tools: [weather],
      store: false,
    });
    const call = first.output.find((item) => item.type === "function_call");
    if (call?.type !== "function_call") throw new Error("no call");
    const issued = upstreamBodies().length;
    // An agent's history holds the call as another model wrote it: a list, then text cut short.
    for (const [text, args] of [
      ['["Paris"]', { value: ["Paris"] }],
      ['{"city": "Par', { raw: '{"city": "Par' }],
    ] as const) {
      const answer = await client.responses.create({
        model: "gemini-3-pro-preview",
        tools: [weather],
        store: false,
        input: [
          { role: "user", content: "Weather in Paris?" },
          { ...call, arguments: text },
          { type: "function_call_output", call_id: call.call_id, output: "error: bad arguments" },
        ],
      });
      expect(answer.status).toBe("completed");
      const replayed = upstreamBodies().at(-1)?.contents[1]?.parts[0];
      expect(replayed?.functionCall).toEqual({
        id: upstreamCallIdFromId(call.call_id),
        name: "get_weather",
        args,
      });
      expect(replayed?.thoughtSignature).toEqual(expect.any(String));
      expect(replayed?.thoughtSignature).not.toBe("skip_thought_signature_validator");
    }
    expect(upstreamBodies()).toHaveLength(issued + 2);
  });

  it("parallel_tool_calls: false: Gemini calls twice, the Response (whole and streamed) holds the first call only", async () => {
    stack.simulator.script(twoWeatherCalls);
    const request = {
      model: "gpt-4o",
      input: "Weather in Paris and Rome?",
      tools: [weather],
      parallel_tool_calls: false,
      store: false,
    };
    const whole = await client.responses.create(request);
    const streamed = await client.responses.stream(request).finalResponse();
    for (const response of [whole, streamed]) {
      expect(response.status).toBe("completed");
      expect(response.parallel_tool_calls).toBe(false);
      const calls = response.output.filter((item) => item.type === "function_call");
      expect(calls.map((call) => call.type === "function_call" && call.arguments)).toEqual([
        '{"city":"Paris"}',
      ]);
    }
  });

  it("a tool's output with an image (a screenshot): the image goes upstream after the function response", async () => {
    const png =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==";
    await client.responses.create({
      model: "gpt-4o",
      store: false,
      input: [
        { role: "user", content: "What is on my screen?" },
        { type: "function_call", call_id: "call_1", name: "screenshot", arguments: "{}" },
        {
          type: "function_call_output",
          call_id: "call_1",
          output: [
            { type: "input_text", text: "the screen:" },
            { type: "input_image", image_url: `data:image/png;base64,${png}`, detail: "auto" },
          ],
        },
      ],
      tools: [{ type: "function", name: "screenshot", parameters: { type: "object" }, strict: false }],
    });
    expect(upstreamBodies()[0]?.contents.at(-1)).toEqual({
      role: "user",
      parts: [
        { functionResponse: { name: "screenshot", response: { result: "the screen:" } } },
        { inlineData: { mimeType: "image/png", data: png } },
      ],
    });
  });

  it("JSON schema output → responseMimeType and a converted responseSchema", async () => {
    await client.responses.create({
      model: "gpt-4o",
      input: "a person",
      text: {
        format: {
          type: "json_schema",
          name: "person",
          strict: true,
          schema: {
            type: "object",
            properties: { name: { type: "string" } },
            required: ["name"],
            additionalProperties: false,
          },
        },
      },
    });
    expect(upstreamBodies()[0]?.generationConfig).toMatchObject({
      responseMimeType: "application/json",
      responseSchema: { type: "object", properties: { name: { type: "string" } }, required: ["name"] },
    });
  });

  it("include message.output_text.logprobs with top_logprobs: the text's tokens, whole and streamed", async () => {
    const request = {
      model: "gpt-4o",
      input: "hi",
      include: ["message.output_text.logprobs" as const],
      top_logprobs: 2,
    };
    const response = await client.responses.create(request);
    const part = response.output.find((item) => item.type === "message")?.content[0];
    const tokens = part?.type === "output_text" ? (part.logprobs ?? []) : [];
    expect(tokens.map((token) => token.token).join("")).toBe(response.output_text);
    expect(tokens[0]?.top_logprobs).toHaveLength(2);
    const streamed: string[] = [];
    for await (const event of await client.responses.create({ ...request, stream: true })) {
      if (event.type !== "response.output_text.delta") continue;
      expect(event.logprobs.map((token) => token.token).join("")).toBe(event.delta);
      streamed.push(event.delta);
    }
    expect(streamed.join("")).toBe(response.output_text);
  });

  it("responses.parse with a zod format: the SDK parses the JSON the model wrote", async () => {
    const person = z.object({ name: z.string(), age: z.number() });
    const response = await client.responses.parse({
      model: "gpt-4o",
      input: "Ada",
      text: { format: zodTextFormat(person, "person") },
    });
    expect(response.output_parsed).toEqual({ name: "Ada", age: 1 });
  });

  it("previous_response_id over three turns rebuilds the conversation", async () => {
    const one = await client.responses.create({ model: "gpt-4o", input: "first" });
    const two = await client.responses.create({
      model: "gpt-4o",
      input: "second",
      previous_response_id: one.id,
    });
    await client.responses.create({ model: "gpt-4o", input: "third", previous_response_id: two.id });
    const contents = upstreamBodies()[2]?.contents ?? [];
    expect(contents.map((content) => content.role)).toEqual(["user", "model", "user", "model", "user"]);
    expect(contents[0]?.parts).toEqual([{ text: "first" }]);
    expect(contents[4]?.parts).toEqual([{ text: "third" }]);
    expect(String(contents[3]?.parts[0]?.text)).toContain("You said: second");
  });

  it("responses created at the same time are each stored before they come back (saves grouped)", async () => {
    const words = Array.from({ length: 12 }, (_, index) => `word-${index}`);
    const firsts = await Promise.all(
      words.map((word) => client.responses.create({ model: "gpt-4o", input: `remember ${word}` })),
    );
    // Each continued the moment it came back, all at once again.
    const seconds = await Promise.all(
      firsts.map((first) =>
        client.responses.create({ model: "gpt-4o", input: "which word?", previous_response_id: first.id }),
      ),
    );
    expect(seconds.map((second) => second.status)).toEqual(words.map(() => "completed"));
    const continued = upstreamBodies().slice(words.length);
    for (const word of words) {
      const body = continued.find(
        (candidate) => candidate.contents[0]?.parts[0]?.text === `remember ${word}`,
      );
      expect(body?.contents.map((content) => content.role)).toEqual(["user", "model", "user"]);
    }
    const again = await Promise.all(seconds.map((second) => client.responses.retrieve(second.id)));
    expect(again.map((response) => response.id)).toEqual(seconds.map((second) => second.id));
  });

  it("retrieve, input_items and delete; store: false is not retrievable", async () => {
    const stored = await client.responses.create({ model: "gpt-4o", input: "keep me" });
    const again = await client.responses.retrieve(stored.id);
    expect(again.id).toBe(stored.id);
    expect(again.output_text).toBe(stored.output_text);
    const items = await client.responses.inputItems.list(stored.id);
    expect(items.data).toHaveLength(1);
    expect(items.data[0]).toMatchObject({
      type: "message",
      role: "user",
      status: "completed",
      content: [{ type: "input_text", text: "keep me" }],
    });
    await client.responses.delete(stored.id);
    await expect(client.responses.retrieve(stored.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const ephemeral = await client.responses.create({ model: "gpt-4o", input: "forget me", store: false });
    await expect(client.responses.retrieve(ephemeral.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(
      client.responses.create({ model: "gpt-4o", input: "x", previous_response_id: ephemeral.id }),
    ).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it("an agent's long instructions and tools (kept once for all its turns) come back whole on retrieve", async () => {
    const agent = {
      model: "gpt-4o",
      instructions: `You are a coding agent. ${"Follow the repository's rules. ".repeat(60)}`,
      tools: [weather],
    };
    const first = await client.responses.create({ ...agent, input: "first" });
    const second = await client.responses.create({
      ...agent,
      input: "second",
      previous_response_id: first.id,
    });
    await client.responses.delete(first.id);
    const retrieved = await client.responses.retrieve(second.id);
    expect(retrieved).toEqual(second);
    expect(retrieved.instructions).toBe(agent.instructions);
    expect(retrieved.tools).toEqual([weather]);
  });

  it("input_items lists the input in the API's shapes, newest first, page by page", async () => {
    const stored = await client.responses.create({
      model: "gpt-4o",
      input: [
        { role: "user", content: "what is the weather?" },
        { type: "function_call", call_id: "call_w", name: "weather", arguments: "{}" },
        { type: "function_call_output", call_id: "call_w", output: "sunny" },
        { role: "assistant", content: "It is sunny." },
        { role: "user", content: "thanks" },
      ],
    });
    const listed: OpenAI.Responses.ResponseItem[] = [];
    for await (const item of client.responses.inputItems.list(stored.id, { limit: 2 })) listed.push(item);
    expect(listed.map((item) => item.type)).toEqual([
      "message",
      "message",
      "function_call_output",
      "function_call",
      "message",
    ]);
    const texts = listed.map((item) => {
      const part = item.type === "message" ? item.content[0] : undefined;
      return part !== undefined && "text" in part ? part.text : undefined;
    });
    expect(texts).toEqual(["thanks", "It is sunny.", undefined, undefined, "what is the weather?"]);
    expect(listed[1]).toMatchObject({
      role: "assistant",
      content: [{ type: "output_text", annotations: [] }],
    });
    expect(listed.every((item) => "status" in item && item.status === "completed")).toBe(true);
  });

  it("item_reference: an earlier input or output item, found in the store by its id, goes upstream", async () => {
    const first = await client.responses.create({ model: "gpt-4o", input: "remember the word teal" });
    const [inputItem] = (await client.responses.inputItems.list(first.id)).data;
    const outputItem = first.output[0];
    if (inputItem === undefined || outputItem === undefined) throw new Error("expected one item each way");
    const next = await client.responses.create({
      model: "gpt-4o",
      input: [
        { type: "item_reference", id: inputItem.id },
        { type: "item_reference", id: outputItem.id ?? "" },
        { role: "user", content: "which word?" },
      ],
    });
    expect(next.status).toBe("completed");
    const contents = upstreamBodies()[1]?.contents ?? [];
    expect(contents.map((content) => content.role)).toEqual(["user", "model", "user"]);
    expect(contents[0]?.parts).toEqual([{ text: "remember the word teal" }]);
    expect(String(contents[1]?.parts[0]?.text)).toContain("You said: remember the word teal");
    // The later response holds the referenced items too (its input, references resolved): gone with both.
    await client.responses.delete(first.id);
    await client.responses.delete(next.id);
    await expect(
      client.responses.create({ model: "gpt-4o", input: [{ type: "item_reference", id: inputItem.id }] }),
    ).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });
});

describe("a streamed, stored Response the client leaves midway", () => {
  it("is kept as it stood (incomplete), so GET finds it and previous_response_id continues from it", async () => {
    stack.simulator.script({
      chunkDelayMs: 100,
      respond: { reply: { text: "one two three four five six seven eight nine ten eleven twelve" } },
    });
    const controller = new AbortController();
    const stream = await client.responses.create(
      { model: "gpt-4o", input: "count", stream: true },
      { signal: controller.signal },
    );
    let id = "";
    let said = "";
    try {
      for await (const event of stream) {
        if (event.type === "response.created") id = event.response.id;
        if (event.type === "response.output_text.delta") said += event.delta;
        if (said.length > 0) controller.abort();
      }
    } catch {
      // The SDK throws on the abort.
    }
    expect(id).toMatch(/^resp_/);
    let kept: OpenAI.Responses.Response | undefined;
    for (let tries = 0; tries < 50 && kept === undefined; tries++) {
      kept = await client.responses.retrieve(id).catch(() => undefined);
      if (kept === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(kept?.status).toBe("incomplete");
    expect(kept?.output_text.startsWith(said)).toBe(true);
    const next = await client.responses.create({ model: "gpt-4o", input: "go on", previous_response_id: id });
    expect(next.status).toBe("completed");
    const history = upstreamBodies().at(-1)?.contents as { role: string }[];
    expect(history.map((content) => content.role)).toEqual(["user", "model", "user"]);
  });
});

describe("tool_choice allowed_tools through the official openai SDK", () => {
  it("the model calls only a tool the list allows, and the Response echoes the choice", async () => {
    const fn = (name: string): OpenAI.Responses.FunctionTool => ({
      type: "function",
      name,
      parameters: { type: "object", properties: { city: { type: "string" } } },
      strict: false,
    });
    const choice: OpenAI.Responses.ToolChoiceAllowed = {
      type: "allowed_tools",
      mode: "required",
      tools: [{ type: "function", name: "get_time" }],
    };
    const response = await client.responses.create({
      model: "gpt-4o",
      input: "what time is it in Paris?",
      tools: [fn("get_weather"), fn("get_time")],
      tool_choice: choice,
    });
    expect(response.output.filter((item) => item.type === "function_call").map((item) => item.name)).toEqual([
      "get_time",
    ]);
    expect(response.tool_choice).toEqual(choice);
  });
});

describe("responses.create: what agate cannot honour is a BadRequestError naming the param", () => {
  it.each<[string, Partial<OpenAI.Responses.ResponseCreateParamsNonStreaming>, string]>([
    ["tool_choice required without tools", { tool_choice: "required" }, "tool_choice"],
    [
      "tool_choice required with only a web search (Gemini cannot be made to search)",
      { tools: [{ type: "web_search" }], tool_choice: "required" },
      "tool_choice",
    ],
    [
      "a web search forced by its type",
      { tools: [{ type: "web_search_preview" }], tool_choice: { type: "web_search_preview" } },
      "tool_choice.type",
    ],
    [
      "a function forced beside only the code interpreter",
      {
        tools: [{ type: "code_interpreter", container: { type: "auto" } }],
        tool_choice: { type: "function", name: "get_weather" },
      },
      "tool_choice.name",
    ],
    ["a conversation by id", { conversation: "conv_123" }, "conversation"],
    ["a conversation object", { conversation: { id: "conv_123" } }, "conversation"],
    ["a stored prompt", { prompt: { id: "pmpt_123", variables: { city: "Paris" } } }, "prompt"],
  ])("%s", async (_name, fields, param) => {
    const error = await client.responses
      .create({ model: "gpt-4o", input: "hi", ...fields })
      .catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe(param);
    expect(upstreamBodies()).toHaveLength(0);
  });
});

describe("responses.stream through the official openai SDK", () => {
  it("events in order with increasing sequence numbers, one terminal event, finalResponse() right", async () => {
    const stream = client.responses.stream({
      model: "gpt-4o",
      input: "stream this please",
      reasoning: { effort: "low", summary: "auto" },
    });
    const types: string[] = [];
    const sequence: number[] = [];
    for await (const event of stream) {
      types.push(event.type);
      sequence.push(event.sequence_number);
    }
    const final = await stream.finalResponse();
    expect(types[0]).toBe("response.created");
    expect(types[1]).toBe("response.in_progress");
    expect(types.at(-1)).toBe("response.completed");
    expect(types.filter((type) => /^response\.(completed|incomplete|failed)$/.test(type))).toHaveLength(1);
    expect(types).toContain("response.reasoning_summary_text.delta");
    expect(types).toContain("response.output_text.delta");
    expect(types).toContain("response.output_item.done");
    expect(sequence).toEqual(sequence.map((_, index) => index));
    expect(final.output_text).toContain("You said: stream this please");
    expect(final.output.map((item) => item.type)).toEqual(["reasoning", "message"]);
  });

  it("max_output_tokens reached → response.incomplete with the reason", async () => {
    const response = await client.responses.create({
      model: "gpt-4o",
      // The simulator echoes the input, a token a word: more words than the least limit OpenAI takes (16).
      input: "a b c d e f g h i j k l m n o p q r s t u v w x y z",
      max_output_tokens: 16,
    });
    expect(response.status).toBe("incomplete");
    expect(response.incomplete_details).toEqual({ reason: "max_output_tokens" });
  });

  it("a stream that dies midway → an error event then response.failed", async () => {
    stack.simulator.script({ match: { stream: true }, respond: { fault: "cut", afterChunks: 2 } });
    const response = await fetch(`${stack.url}/v1/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o", input: "many words in this long prompt here", stream: true }),
    });
    const text = await response.text();
    const events = [...text.matchAll(/^event: (.+)$/gm)].map((match) => match[1]);
    expect(events.slice(-2)).toEqual(["error", "response.failed"]);
  });
});
