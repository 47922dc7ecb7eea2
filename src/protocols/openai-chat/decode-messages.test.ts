import { describe, expect, it } from "vitest";
import { AgateError } from "../../errors.js";
import { decodeChatRequest } from "./decode-request.js";

const weatherTool = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  },
};

const conversation = [
  { role: "user", content: "Weather in Paris and Rome?" },
  {
    role: "assistant",
    content: null,
    tool_calls: [
      { id: "call_a", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
      { id: "call_b", type: "function", function: { name: "get_weather", arguments: '{"city":"Rome"}' } },
    ],
  },
  { role: "tool", tool_call_id: "call_a", content: '{"temp":21}' },
  { role: "tool", tool_call_id: "call_b", content: "cloudy, 18 degrees" },
];

function errorOf(body: unknown): AgateError {
  try {
    decodeChatRequest(body);
  } catch (error) {
    if (error instanceof AgateError) return error;
    throw error;
  }
  throw new Error("expected a 400");
}

describe("tool calling, decoded", () => {
  it("parallel calls and their results: names found by tool_call_id, JSON or text outputs", () => {
    const request = decodeChatRequest({ model: "m", messages: conversation, tools: [weatherTool] });
    expect(request.turns).toEqual([
      { role: "user", parts: [{ type: "text", text: "Weather in Paris and Rome?" }] },
      {
        role: "assistant",
        parts: [
          { type: "tool-call", id: "call_a", name: "get_weather", arguments: { city: "Paris" } },
          { type: "tool-call", id: "call_b", name: "get_weather", arguments: { city: "Rome" } },
        ],
      },
      {
        role: "tool",
        parts: [{ type: "tool-result", callId: "call_a", name: "get_weather", content: { temp: 21 } }],
      },
      {
        role: "tool",
        parts: [
          { type: "tool-result", callId: "call_b", name: "get_weather", content: "cloudy, 18 degrees" },
        ],
      },
    ]);
    expect(request.tools).toEqual([
      {
        name: "get_weather",
        description: "Weather for a city",
        parameters: weatherTool.function.parameters,
      },
    ]);
  });

  it("assistant text and a call in one message keep their order", () => {
    const request = decodeChatRequest({
      model: "m",
      messages: [
        { role: "user", content: "hi" },
        {
          role: "assistant",
          content: "Let me check.",
          tool_calls: [{ id: "c1", type: "function", function: { name: "f", arguments: "" } }],
        },
        { role: "tool", tool_call_id: "c1", content: [{ type: "text", text: "done" }] },
      ],
    });
    expect(request.turns[1]?.parts).toEqual([
      { type: "text", text: "Let me check." },
      { type: "tool-call", id: "c1", name: "f", arguments: {} },
    ]);
  });

  it("replayed arguments that are not a JSON object (a model's malformed call) are wrapped, not refused", () => {
    const call = (id: string, text: string) => ({
      id,
      type: "function",
      function: { name: "get_weather", arguments: text },
    });
    const request = decodeChatRequest({
      model: "m",
      messages: [
        { role: "user", content: "hi" },
        { role: "assistant", content: null, tool_calls: [call("c1", '{"city":"Par'), call("c2", "[1]")] },
        { role: "tool", tool_call_id: "c1", content: "error: arguments are not JSON" },
        { role: "tool", tool_call_id: "c2", content: "error: expected an object" },
        { role: "assistant", content: null, function_call: { name: "f", arguments: '"Paris"' } },
        { role: "function", name: "f", content: "ok" },
      ],
    });
    expect(request.turns[1]?.parts).toEqual([
      { type: "tool-call", id: "c1", name: "get_weather", arguments: { raw: '{"city":"Par' } },
      { type: "tool-call", id: "c2", name: "get_weather", arguments: { value: [1] } },
    ]);
    expect(request.turns[4]?.parts).toEqual([
      { type: "tool-call", id: "function_call_4", name: "f", arguments: { value: "Paris" } },
    ]);
  });

  it("legacy function messages become tool results by name", () => {
    const request = decodeChatRequest({
      model: "m",
      messages: [
        { role: "user", content: "hi" },
        { role: "assistant", content: null, function_call: { name: "f", arguments: "{}" } },
        { role: "function", name: "f", content: "ok" },
      ],
    });
    expect(request.turns[2]).toEqual({
      role: "tool",
      parts: [{ type: "tool-result", callId: "", name: "f", content: "ok" }],
    });
  });

  it("parallel_tool_calls: false asks for one call at most; true or absent says nothing", () => {
    const decoded = (parallel: boolean | undefined) =>
      decodeChatRequest({
        model: "m",
        messages: [conversation[0]],
        tools: [weatherTool],
        ...(parallel === undefined ? {} : { parallel_tool_calls: parallel }),
      }).parallelToolCalls;
    expect(decoded(false)).toBe(false);
    expect(decoded(true)).toBeUndefined();
    expect(decoded(undefined)).toBeUndefined();
  });

  it("function_call 'auto' or 'none' without functions says nothing, as tool_choice without tools", () => {
    for (const choice of ["auto", "none"]) {
      const request = decodeChatRequest({ model: "m", messages: [conversation[0]], function_call: choice });
      expect(request.tools).toBeUndefined();
      expect(request.toolChoice).toBeUndefined();
    }
  });

  it("the deprecated functions and function_call → declarations and a choice, one call at a time", () => {
    const fn = weatherTool.function;
    const request = decodeChatRequest({
      model: "m",
      messages: [conversation[0]],
      functions: [fn],
      function_call: { name: "get_weather" },
    });
    expect(request.tools).toEqual([
      { name: fn.name, description: fn.description, parameters: fn.parameters },
    ]);
    expect(request.toolChoice).toEqual({ type: "named", name: "get_weather" });
    expect(request.parallelToolCalls).toBe(false);
    const none = decodeChatRequest({
      model: "m",
      messages: [conversation[0]],
      functions: [fn],
      function_call: "none",
    });
    expect(none.toolChoice).toEqual({ type: "none" });
  });

  it.each([
    ["auto", { type: "auto" }],
    ["none", { type: "none" }],
    ["required", { type: "required" }],
    [
      { type: "function", function: { name: "get_weather" } },
      { type: "named", name: "get_weather" },
    ],
    [
      {
        type: "allowed_tools",
        allowed_tools: { mode: "required", tools: [{ type: "function", function: { name: "get_weather" } }] },
      },
      { type: "allowed", mode: "required", names: ["get_weather"] },
    ],
    [
      {
        type: "allowed_tools",
        allowed_tools: { mode: "auto", tools: [{ type: "function", function: { name: "get_weather" } }] },
      },
      { type: "allowed", mode: "auto", names: ["get_weather"] },
    ],
  ])("tool_choice %j → %j", (choice, expected) => {
    const request = decodeChatRequest({
      model: "m",
      messages: [conversation[0]],
      tools: [weatherTool],
      tool_choice: choice,
    });
    expect(request.toolChoice).toEqual(expected);
  });

  it.each([
    [
      { messages: [conversation[0], { role: "tool", tool_call_id: "nope", content: "x" }] },
      "messages[1].tool_call_id",
    ],
    [
      {
        messages: [conversation[0]],
        tools: [weatherTool],
        tool_choice: { type: "function", function: { name: "x" } },
      },
      "tool_choice.function.name",
    ],
    [{ messages: [conversation[0]], tool_choice: "required" }, "tool_choice"],
    [{ messages: [conversation[0]], tools: [weatherTool], functions: [weatherTool.function] }, "functions"],
    [
      { messages: [conversation[0]], functions: [weatherTool.function], function_call: { name: "nope" } },
      "function_call.name",
    ],
    // A forced call with nothing declared to call (or declared as tools): dropped, it would change the answer.
    [{ messages: [conversation[0]], function_call: { name: "get_weather" } }, "function_call"],
    [{ messages: [conversation[0]], functions: [], function_call: { name: "get_weather" } }, "function_call"],
    [
      { messages: [conversation[0]], tools: [weatherTool], function_call: { name: "get_weather" } },
      "function_call",
    ],
    [
      {
        messages: [conversation[0]],
        tools: [weatherTool],
        tool_choice: {
          type: "allowed_tools",
          allowed_tools: { mode: "auto", tools: [{ type: "function", function: { name: "get_time" } }] },
        },
      },
      "tool_choice.allowed_tools.tools[0].function.name",
    ],
    [{ messages: [conversation[0]], tools: [{ type: "code_interpreter" }] }, "tools[0].type"],
    [
      { messages: [conversation[0]], tools: [{ type: "function", function: { name: "bad name!" } }] },
      "tools[0].function.name",
    ],
  ])("%j → 400 naming %s", (body, param) => {
    const error = errorOf({ model: "m", ...body });
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
  });
});

describe("tool results with images, decoded", () => {
  const screenshotCall = {
    role: "assistant",
    content: null,
    tool_calls: [{ id: "call_s", type: "function", function: { name: "screenshot", arguments: "{}" } }],
  };

  it("a tool message's images (Zed sends a screenshot so) go with its result, after it; its text is the result", () => {
    const request = decodeChatRequest({
      model: "m",
      messages: [
        { role: "user", content: "What is on screen?" },
        screenshotCall,
        {
          role: "tool",
          tool_call_id: "call_s",
          content: [
            { type: "text", text: "the screen:" },
            { type: "image_url", image_url: { url: "data:image/png;base64,iVBORw0KGgo=" } },
          ],
        },
      ],
    });
    expect(request.turns[2]).toEqual({
      role: "tool",
      parts: [
        { type: "tool-result", callId: "call_s", name: "screenshot", content: "the screen:" },
        { type: "media", mimeType: "image/png", data: "iVBORw0KGgo=" },
      ],
    });
  });

  it("an image alone is the whole output: the result is empty text", () => {
    const request = decodeChatRequest({
      model: "m",
      messages: [
        { role: "user", content: "Shoot" },
        screenshotCall,
        {
          role: "tool",
          tool_call_id: "call_s",
          content: [{ type: "image_url", image_url: { url: "https://x/shot.webp" } }],
        },
      ],
    });
    expect(request.turns[2]?.parts).toEqual([
      { type: "tool-result", callId: "call_s", name: "screenshot", content: "" },
      { type: "media", mimeType: "image/webp", url: "https://x/shot.webp" },
    ]);
  });

  it("a bad image in a tool message is a 400 naming its part", () => {
    const error = errorOf({
      model: "m",
      messages: [
        { role: "user", content: "Shoot" },
        screenshotCall,
        {
          role: "tool",
          tool_call_id: "call_s",
          content: [{ type: "image_url", image_url: { url: "file:///etc/passwd" } }],
        },
      ],
    });
    expect(error.param).toBe("messages[2].content[0].image_url.url");
  });
});

describe("assistant content parts, decoded", () => {
  it("a refusal part (which the SDK allows in assistant content) is the assistant's text, in order", () => {
    const request = decodeChatRequest({
      model: "m",
      messages: [
        conversation[0],
        {
          role: "assistant",
          content: [
            { type: "text", text: "Paris is sunny." },
            { type: "refusal", refusal: "I cannot look up Rome." },
          ],
        },
        { role: "user", content: "Why not?" },
      ],
    });
    expect(request.turns[1]).toEqual({
      role: "assistant",
      parts: [{ type: "text", text: "Paris is sunny.\nI cannot look up Rome." }],
    });
  });

  it.each([
    [{ type: "refusal" }, "messages[1].content[0].refusal"],
    [{ type: "image_url", image_url: { url: "https://x/y.png" } }, "messages[1].content[0].type"],
  ])("a bad assistant part %j → 400 naming %s", (part, param) => {
    const error = errorOf({
      model: "m",
      messages: [conversation[0], { role: "assistant", content: [part] }],
    });
    expect(error.param).toBe(param);
  });
});

describe("media parts, decoded", () => {
  it("input_audio → inline audio; file with a data: URL → inline bytes", () => {
    const request = decodeChatRequest({
      model: "m",
      messages: [
        {
          role: "user",
          content: [
            { type: "input_audio", input_audio: { data: "UklGRg==", format: "wav" } },
            { type: "file", file: { filename: "a.pdf", file_data: "data:application/pdf;base64,JVBERi0=" } },
          ],
        },
      ],
    });
    expect(request.turns[0]?.parts).toEqual([
      { type: "media", mimeType: "audio/wav", data: "UklGRg==" },
      { type: "media", mimeType: "application/pdf", data: "JVBERi0=" },
    ]);
  });

  it("an empty text part (a chat UI's blank caption beside an image) is left out: Gemini refuses one", () => {
    const request = decodeChatRequest({
      model: "m",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "" },
            { type: "image_url", image_url: { url: "https://x/y.png" } },
          ],
        },
      ],
    });
    expect(request.turns[0]?.parts).toEqual([
      { type: "media", mimeType: "image/png", url: "https://x/y.png" },
    ]);
    // A blank part alone is an empty prompt, answered as OpenAI answers it.
    const onlyBlank = decodeChatRequest({
      model: "m",
      messages: [{ role: "user", content: [{ type: "text", text: "" }] }],
    });
    expect(onlyBlank.turns).toEqual([{ role: "user", parts: [{ type: "text", text: "" }] }]);
  });

  it.each([
    [
      { type: "input_audio", input_audio: { data: "UklGRg==", format: "midi" } },
      "messages[0].content[0].input_audio.format",
    ],
    [
      { type: "input_audio", input_audio: { data: "not base64!", format: "wav" } },
      "messages[0].content[0].input_audio.data",
    ],
    [{ type: "file", file: { file_id: "file-abc" } }, "messages[0].content[0].file.file_data"],
    // Checked by the schema: the param names the part, not the whole content.
    [{ type: "input_text", text: "hi" }, "messages[0].content[0].type"],
    [{ type: "text" }, "messages[0].content[0].text"],
    [{ type: "image_url", image_url: {} }, "messages[0].content[0].image_url.url"],
  ])("%j → 400 naming %s", (part, param) => {
    const error = errorOf({ model: "m", messages: [{ role: "user", content: [part] }] });
    expect(error.param).toBe(param);
  });
});
