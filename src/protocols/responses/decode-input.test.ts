import { describe, expect, it } from "vitest";
import { AgateError } from "../../errors.js";
import { decodeInputItems } from "./decode-input.js";
import { parseResponsesRequest } from "./decode-request.js";
import { type InputItem, inputItemSchema } from "./request-schema.js";
import { signatureReference, signedContent } from "./text-signatures.js";

/** Items as a client sends them, validated by the request schema as the route does. */
const items = (raw: unknown[]): InputItem[] => raw.map((item) => inputItemSchema.parse(item));
const decode = (raw: unknown[]) => decodeInputItems(items(raw), (index) => `input[${index}]`);

function errorOf(raw: unknown[]): AgateError {
  try {
    decode(raw);
  } catch (error) {
    if (error instanceof AgateError) return error;
    throw error;
  }
  throw new Error("expected a 400");
}

const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==";
const PDF =
  "JVBERi0xLjQKJcOkw7zDtsOfCjIgMCBvYmoKPDwvTGVuZ3RoIDMgMCBSL0ZpbHRlci9GbGF0ZURlY29kZT4+CnN0cmVhbQo=";

describe("decodeInputItems: messages", () => {
  it("an easy message without `type` is a user turn", () => {
    expect(decode([{ role: "user", content: "What is the capital of France?" }])).toEqual({
      system: [],
      turns: [{ role: "user", parts: [{ type: "text", text: "What is the capital of France?" }] }],
    });
  });

  it("a typed message with input_text parts keeps each part", () => {
    const { turns } = decode([
      {
        type: "message",
        role: "user",
        content: [
          { type: "input_text", text: "<environment_context>cwd=/repo</environment_context>" },
          { type: "input_text", text: "list the files" },
        ],
      },
    ]);
    expect(turns).toEqual([
      {
        role: "user",
        parts: [
          { type: "text", text: "<environment_context>cwd=/repo</environment_context>" },
          { type: "text", text: "list the files" },
        ],
      },
    ]);
  });

  it("system and developer messages become system texts, in order, and no turn", () => {
    const { system, turns } = decode([
      { role: "system", content: "You are terse." },
      { type: "message", role: "developer", content: [{ type: "input_text", text: "Sandbox: read-only." }] },
      { role: "user", content: "hi" },
    ]);
    expect(system).toEqual(["You are terse.", "Sandbox: read-only."]);
    expect(turns.map((turn) => turn.role)).toEqual(["user"]);
  });

  it("an assistant message replayed from output (output_text, annotations, phase) is an assistant turn", () => {
    const { turns } = decode([
      { role: "user", content: "hi" },
      {
        type: "message",
        id: "msg_abc",
        status: "completed",
        role: "assistant",
        phase: "final_answer",
        content: [{ type: "output_text", text: "Hello!", annotations: [], logprobs: [] }],
      },
      {
        type: "message",
        role: "assistant",
        phase: "commentary",
        content: [{ type: "output_text", text: "Let me check." }],
      },
    ]);
    expect(turns).toEqual([
      { role: "user", parts: [{ type: "text", text: "hi" }] },
      // An id of agate's shape names where its store may keep the text's thought signature.
      { role: "assistant", parts: [{ type: "text", text: "Hello!", signatureKey: "msg_abc" }] },
      { role: "assistant", parts: [{ type: "text", text: "Let me check." }] },
    ]);
  });

  it("an assistant refusal part is kept as text", () => {
    const { turns } = decode([
      { role: "user", content: "do it" },
      {
        type: "message",
        role: "assistant",
        content: [{ type: "refusal", refusal: "I can't help with that." }],
      },
    ]);
    expect(turns[1]).toEqual({
      role: "assistant",
      parts: [{ type: "text", text: "I can't help with that." }],
    });
  });

  it("an empty message adds no turn", () => {
    expect(decode([{ role: "user", content: "" }]).turns).toEqual([]);
  });
});

describe("decodeInputItems: images and files", () => {
  it("input_image with a data: URL goes inline", () => {
    const { turns } = decode([
      {
        role: "user",
        content: [
          { type: "input_text", text: "What is this?" },
          { type: "input_image", image_url: `data:image/png;base64,${PNG}`, detail: "auto" },
        ],
      },
    ]);
    expect(turns[0]?.parts).toEqual([
      { type: "text", text: "What is this?" },
      { type: "media", mimeType: "image/png", data: PNG },
    ]);
  });

  it("input_image with an https URL goes by reference, typed from its extension", () => {
    const { turns } = decode([
      {
        role: "user",
        content: [{ type: "input_image", image_url: "https://example.com/cat.webp?s=2", detail: "high" }],
      },
    ]);
    expect(turns[0]?.parts).toEqual([
      { type: "media", mimeType: "image/webp", url: "https://example.com/cat.webp?s=2" },
    ]);
  });

  it("a Chat Completions image_url part (LangChain sends its base64 image blocks so) is taken as input_image", () => {
    const { turns } = decode([
      {
        role: "user",
        content: [
          { type: "input_text", text: "What is this?" },
          { type: "image_url", image_url: { url: `data:image/png;base64,${PNG}`, detail: "low" } },
          { type: "image_url", image_url: "https://example.com/cat.webp" },
        ],
      },
    ]);
    expect(turns[0]?.parts).toEqual([
      { type: "text", text: "What is this?" },
      { type: "media", mimeType: "image/png", data: PNG },
      { type: "media", mimeType: "image/webp", url: "https://example.com/cat.webp" },
    ]);
  });

  it("input_image with only a file_id → 400 naming that content part", () => {
    const error = errorOf([
      {
        role: "user",
        content: [
          { type: "input_text", text: "see" },
          { type: "input_image", file_id: "file-abc123", detail: "auto" },
        ],
      },
    ]);
    expect(error.status).toBe(400);
    expect(error.param).toMatch(/^input\[0\]\.content\[1\]\./);
    expect(error.message).toContain("file id");
  });

  it("input_image with a local file URL → 400, never read", () => {
    const error = errorOf([
      { role: "user", content: [{ type: "input_image", image_url: "file:///etc/passwd" }] },
    ]);
    expect(error.status).toBe(400);
    expect(error.param).toBe("input[0].content[0].image_url");
  });

  it("input_file with a data: URL goes inline", () => {
    const { turns } = decode([
      {
        role: "user",
        content: [
          { type: "input_file", filename: "report.pdf", file_data: `data:application/pdf;base64,${PDF}` },
        ],
      },
    ]);
    expect(turns[0]?.parts).toEqual([{ type: "media", mimeType: "application/pdf", data: PDF }]);
  });

  it("input_file with raw base64 + filename is typed from the file name", () => {
    const { turns } = decode([
      {
        role: "user",
        content: [
          { type: "input_file", filename: "report.pdf", file_data: PDF },
          { type: "input_file", filename: "notes.txt", file_data: "aGVsbG8gd29ybGQ=" },
        ],
      },
    ]);
    expect(turns[0]?.parts).toEqual([
      { type: "media", mimeType: "application/pdf", data: PDF },
      { type: "media", mimeType: "text/plain", data: "aGVsbG8gd29ybGQ=" },
    ]);
  });

  it("input_file with a file_url goes by reference", () => {
    const { turns } = decode([
      {
        role: "user",
        content: [{ type: "input_file", file_url: "https://example.com/papers/attention.pdf" }],
      },
    ]);
    expect(turns[0]?.parts).toEqual([
      { type: "media", mimeType: "application/pdf", url: "https://example.com/papers/attention.pdf" },
    ]);
  });

  it("input_file raw data that is not base64 → 400 naming file_data", () => {
    const error = errorOf([
      { role: "user", content: [{ type: "input_file", filename: "a.pdf", file_data: "not base64 at all!" }] },
    ]);
    expect(error.status).toBe(400);
    expect(error.param).toBe("input[0].content[0].file_data");
  });

  it("input_file with only a file_id → 400", () => {
    const error = errorOf([{ role: "user", content: [{ type: "input_file", file_id: "file-xyz" }] }]);
    expect(error.status).toBe(400);
    expect(error.param).toMatch(/^input\[0\]\.content\[0\]\./);
  });
});

describe("decodeInputItems: function calls and their outputs", () => {
  it("function_call + function_call_output carrying id and status (as the SDK replays them)", () => {
    const { turns } = decode([
      { role: "user", content: "Weather in Paris?" },
      {
        type: "function_call",
        id: "fc_68a1",
        call_id: "call_9Xk2",
        name: "get_weather",
        arguments: '{"city":"Paris"}',
        status: "completed",
      },
      {
        type: "function_call_output",
        id: "fco_1",
        call_id: "call_9Xk2",
        output: "sunny, 24C",
        status: "completed",
      },
    ]);
    expect(turns).toEqual([
      { role: "user", parts: [{ type: "text", text: "Weather in Paris?" }] },
      {
        role: "assistant",
        parts: [{ type: "tool-call", id: "call_9Xk2", name: "get_weather", arguments: { city: "Paris" } }],
      },
      {
        role: "tool",
        parts: [{ type: "tool-result", callId: "call_9Xk2", name: "get_weather", content: "sunny, 24C" }],
      },
    ]);
  });

  it("an output that is a JSON object is passed as that object", () => {
    const { turns } = decode([
      { type: "function_call", call_id: "c1", name: "get_weather", arguments: '{"city":"Paris"}' },
      { type: "function_call_output", call_id: "c1", output: '{"temperature":24,"unit":"C"}' },
    ]);
    expect(turns[1]?.parts[0]).toMatchObject({ content: { temperature: 24, unit: "C" } });
  });

  it("empty arguments mean no arguments", () => {
    const { turns } = decode([
      { type: "function_call", call_id: "c1", name: "now", arguments: "" },
      { type: "function_call_output", call_id: "c1", output: "12:00" },
    ]);
    expect(turns[0]?.parts[0]).toMatchObject({ arguments: {} });
  });

  it("arguments that are not a JSON object (a model's malformed call) are wrapped: {raw} or {value}", () => {
    const { turns } = decode([
      { role: "user", content: "x" },
      { type: "function_call", call_id: "c1", name: "get_weather", arguments: "{city: Paris" },
      { type: "function_call_output", call_id: "c1", output: "error: bad arguments" },
      { type: "function_call", call_id: "c2", name: "get_weather", arguments: '["Paris"]' },
      { type: "function_call_output", call_id: "c2", output: "error: expected an object" },
    ]);
    expect(turns[1]?.parts[0]).toEqual({
      type: "tool-call",
      id: "c1",
      name: "get_weather",
      arguments: { raw: "{city: Paris" },
    });
    expect(turns[3]?.parts[0]).toMatchObject({ id: "c2", arguments: { value: ["Paris"] } });
  });

  it("a call with `namespace` (Codex) is replayed under the flattened name, and its output follows it", () => {
    const { turns } = decode([
      {
        type: "function_call",
        call_id: "call_ns",
        name: "search_issues",
        namespace: "github",
        arguments: '{"query":"is:open"}',
      },
      { type: "function_call_output", call_id: "call_ns", output: "2 issues" },
    ]);
    expect(turns[0]?.parts[0]).toMatchObject({ type: "tool-call", name: "github__search_issues" });
    expect(turns[1]?.parts[0]).toEqual({
      type: "tool-result",
      callId: "call_ns",
      name: "github__search_issues",
      content: "2 issues",
    });
  });

  it("an output given as content parts becomes their text", () => {
    const { turns } = decode([
      { type: "function_call", call_id: "c1", name: "read_file", arguments: '{"path":"a.txt"}' },
      {
        type: "function_call_output",
        call_id: "c1",
        output: [
          { type: "input_text", text: "line 1" },
          { type: "input_text", text: "line 2" },
        ],
      },
    ]);
    expect(turns[1]?.parts[0]).toMatchObject({
      type: "tool-result",
      name: "read_file",
      content: "line 1\nline 2",
    });
  });

  it("an output whose content parts hold an image: its text is the result, the image goes along", () => {
    const { turns } = decode([
      { type: "function_call", call_id: "c1", name: "screenshot", arguments: "{}" },
      {
        type: "function_call_output",
        call_id: "c1",
        output: [
          { type: "input_text", text: "the screen:" },
          { type: "input_image", image_url: `data:image/png;base64,${PNG}` },
        ],
      },
    ]);
    expect(turns[1]?.parts).toEqual([
      { type: "tool-result", callId: "c1", name: "screenshot", content: "the screen:" },
      { type: "media", mimeType: "image/png", data: PNG },
    ]);
  });

  it("an output's files go along too; a file id it cannot read is a 400 naming the part", () => {
    const call = { type: "function_call", call_id: "c1", name: "read", arguments: "{}" };
    const { turns } = decode([
      call,
      {
        type: "function_call_output",
        call_id: "c1",
        output: [{ type: "input_file", filename: "a.pdf", file_data: `data:application/pdf;base64,${PDF}` }],
      },
    ]);
    expect(turns[1]?.parts).toEqual([
      { type: "tool-result", callId: "c1", name: "read", content: "" },
      { type: "media", mimeType: "application/pdf", data: PDF },
    ]);
    const error = errorOf([
      call,
      { type: "function_call_output", call_id: "c1", output: [{ type: "input_image", file_id: "file-1" }] },
    ]);
    expect(error.param).toBe("input[1].output[0].image_url");
  });

  it("parallel calls then their outputs keep their order", () => {
    const { turns } = decode([
      { type: "function_call", call_id: "a", name: "get_weather", arguments: '{"city":"Paris"}' },
      { type: "function_call", call_id: "b", name: "get_weather", arguments: '{"city":"Rome"}' },
      { type: "function_call_output", call_id: "b", output: "rain" },
      { type: "function_call_output", call_id: "a", output: "sun" },
    ]);
    expect(turns.map((turn) => turn.role)).toEqual(["assistant", "assistant", "tool", "tool"]);
    expect(turns.flatMap((turn) => turn.parts.map((part) => ("callId" in part ? part.callId : "")))).toEqual([
      "",
      "",
      "b",
      "a",
    ]);
  });

  it("an output without a matching call → 400 naming input[i].call_id, worded as OpenAI's", () => {
    const error = errorOf([
      { role: "user", content: "x" },
      { type: "function_call_output", call_id: "call_missing", output: "done" },
    ]);
    expect(error.status).toBe(400);
    expect(error.param).toBe("input[1].call_id");
    expect(error.message).toMatch(
      /^No tool call found for function call output with call_id call_missing\. /,
    );
  });

  it("an output before its call → 400 naming the output, saying the call goes first", () => {
    const error = errorOf([
      { type: "function_call_output", call_id: "c1", output: "done" },
      { type: "function_call", call_id: "c1", name: "f", arguments: "{}" },
    ]);
    expect(error.param).toBe("input[0].call_id");
    expect(error.message).toContain("before its output");
  });
});

describe("decodeInputItems: every call has its output", () => {
  it("a function_call with no output → 400 naming the call's item and id, nothing decoded", () => {
    const error = errorOf([
      { role: "user", content: "Weather in Paris?" },
      { type: "function_call", call_id: "call_w", name: "get_weather", arguments: '{"city":"Paris"}' },
    ]);
    expect(error.status).toBe(400);
    expect(error.param).toBe("input[1]");
    expect(error.message).toMatch(/^No tool output found for function call call_w\. /);
    expect(error.message).toContain("function_call_output");
  });

  it("a call left unanswered before the conversation goes on is refused too", () => {
    const error = errorOf([
      { role: "user", content: "Weather in Paris?" },
      { type: "function_call", call_id: "call_w", name: "get_weather", arguments: "{}" },
      { role: "user", content: "Never mind" },
    ]);
    expect(error.param).toBe("input[1]");
  });

  it("of parallel calls, the ones without output are all named; param is the first", () => {
    const error = errorOf([
      { type: "function_call", call_id: "a", name: "f", arguments: "{}" },
      { type: "function_call", call_id: "b", name: "f", arguments: "{}" },
      { type: "function_call", call_id: "c", name: "f", arguments: "{}" },
      { type: "function_call_output", call_id: "b", output: "B" },
    ]);
    expect(error.param).toBe("input[0]");
    expect(error.message).toMatch(/^No tool output found for function call a\. /);
    expect(error.message).toContain("c");
  });

  it("custom_tool_call and local_shell_call without output are named by their kind and output type", () => {
    const custom = errorOf([
      { type: "custom_tool_call", call_id: "call_p", name: "apply_patch", input: "x" },
    ]);
    expect(custom.message).toMatch(/^No tool output found for custom tool call call_p\. /);
    expect(custom.message).toContain("custom_tool_call_output");
    const shell = errorOf([
      {
        type: "local_shell_call",
        call_id: "call_s",
        status: "completed",
        action: { type: "exec", command: ["ls"] },
      },
    ]);
    expect(shell.message).toMatch(/^No tool output found for local shell call call_s\. /);
    expect(shell.param).toBe("input[0]");
  });

  it("outputs in any order, interleaved with calls, reasoning between: accepted", () => {
    const { turns } = decode([
      { role: "user", content: "Weather in Paris and Rome?" },
      { type: "reasoning", summary: [], encrypted_content: null },
      { type: "function_call", call_id: "a", name: "get_weather", arguments: '{"city":"Paris"}' },
      { type: "function_call_output", call_id: "a", output: "sun" },
      { type: "function_call", call_id: "b", name: "get_weather", arguments: '{"city":"Rome"}' },
      { type: "function_call", call_id: "c", name: "get_weather", arguments: '{"city":"Oslo"}' },
      { type: "function_call_output", call_id: "c", output: "snow" },
      { type: "reasoning", summary: [], encrypted_content: null },
      { type: "function_call_output", call_id: "b", output: "rain" },
    ]);
    expect(turns.filter((turn) => turn.role === "tool")).toHaveLength(3);
  });

  it("one call id used again in a later step (an upstream id seen twice), each answered: accepted", () => {
    expect(() =>
      decode([
        { type: "function_call", call_id: "x", name: "f", arguments: "{}" },
        { type: "function_call_output", call_id: "x", output: "1" },
        { type: "function_call", call_id: "x", name: "f", arguments: "{}" },
        { type: "function_call_output", call_id: "x", output: "2" },
      ]),
    ).not.toThrow();
  });

  it("a call from the history (previous_response_id) left unanswered names 'input', where its output goes", () => {
    const error = (() => {
      try {
        decodeInputItems(
          items([
            { role: "user", content: "x" },
            { type: "function_call", call_id: "call_h", name: "f", arguments: "{}" },
            { role: "user", content: "and now?" },
          ]),
          (index) => (index < 2 ? "previous_response_id" : `input[${index - 2}]`),
        );
      } catch (failure) {
        return failure as AgateError;
      }
      throw new Error("expected a 400");
    })();
    expect(error.param).toBe("input");
    expect(error.message).toMatch(/^No tool output found for function call call_h\. /);
  });
});

describe("decodeInputItems: custom tools and local shell", () => {
  it("custom_tool_call + custom_tool_call_output", () => {
    const patch = "*** Begin Patch\n*** Add File: hello.txt\n+hello\n*** End Patch";
    const { turns } = decode([
      {
        type: "custom_tool_call",
        id: "ctc_1",
        status: "completed",
        call_id: "call_p",
        name: "apply_patch",
        input: patch,
      },
      { type: "custom_tool_call_output", call_id: "call_p", output: "Success. Updated files: A hello.txt" },
    ]);
    expect(turns).toEqual([
      {
        role: "assistant",
        parts: [{ type: "tool-call", id: "call_p", name: "apply_patch", arguments: { input: patch } }],
      },
      {
        role: "tool",
        parts: [
          {
            type: "tool-result",
            callId: "call_p",
            name: "apply_patch",
            content: "Success. Updated files: A hello.txt",
          },
        ],
      },
    ]);
  });

  it("local_shell_call as Codex replays it (no id, nullable action fields) + a function_call_output", () => {
    const { turns } = decode([
      {
        type: "local_shell_call",
        call_id: "call_sh",
        status: "completed",
        action: {
          type: "exec",
          command: ["ls", "-la"],
          timeout_ms: null,
          working_directory: null,
          env: null,
          user: null,
        },
      },
      { type: "function_call_output", call_id: "call_sh", output: "total 0" },
    ]);
    expect(turns[0]?.parts[0]).toMatchObject({
      type: "tool-call",
      id: "call_sh",
      name: "local_shell",
      arguments: { command: ["ls", "-la"] },
    });
    expect(turns[0]?.parts[0]).not.toHaveProperty("arguments.type");
    expect(turns[1]?.parts[0]).toEqual({
      type: "tool-result",
      callId: "call_sh",
      name: "local_shell",
      content: "total 0",
    });
  });

  it("local_shell_call + local_shell_call_output (SDK shape: the output's id is the call's id)", () => {
    const { turns } = decode([
      {
        type: "local_shell_call",
        id: "lsh_1",
        call_id: "call_sh",
        status: "completed",
        action: { type: "exec", command: ["pwd"], env: {} },
      },
      { type: "local_shell_call_output", id: "call_sh", output: '{"stdout":"/repo\\n","exit_code":0}' },
    ]);
    expect(turns[1]?.parts[0]).toEqual({
      type: "tool-result",
      callId: "call_sh",
      name: "local_shell",
      content: { stdout: "/repo\n", exit_code: 0 },
    });
  });
});

describe("decodeInputItems: shell and apply_patch", () => {
  const shellCall = {
    type: "shell_call",
    id: "sh_1",
    call_id: "call_sh",
    status: "completed",
    environment: { type: "local" },
    action: { commands: ["ls -la", "cat README.md"], timeout_ms: 120000, max_output_length: null },
  };

  it("shell_call + shell_call_output: the commands as the call, each command's outcome as its result", () => {
    const { turns } = decode([
      { role: "user", content: "What is here?" },
      shellCall,
      {
        type: "shell_call_output",
        call_id: "call_sh",
        max_output_length: null,
        output: [
          { stdout: "README.md\n", stderr: "", outcome: { type: "exit", exit_code: 0 } },
          { stdout: "", stderr: "", outcome: { type: "timeout" }, created_by: "agent" },
        ],
      },
    ]);
    expect(turns.slice(1)).toEqual([
      {
        role: "assistant",
        parts: [
          {
            type: "tool-call",
            id: "call_sh",
            name: "shell",
            arguments: { commands: ["ls -la", "cat README.md"], timeout_ms: 120000 },
          },
        ],
      },
      {
        role: "tool",
        parts: [
          {
            type: "tool-result",
            callId: "call_sh",
            name: "shell",
            content: {
              output: [
                { stdout: "README.md\n", stderr: "", outcome: { type: "exit", exit_code: 0 } },
                { stdout: "", stderr: "", outcome: { type: "timeout" } },
              ],
            },
          },
        ],
      },
    ]);
  });

  it("a shell_call as some clients replay it (no id, status or environment; action.type exec) is read the same", () => {
    const { turns } = decode([
      { type: "shell_call", call_id: "s2", action: { type: "exec", commands: ["pwd"] } },
      { type: "shell_call_output", call_id: "s2", output: [] },
    ]);
    expect(turns[0]?.parts[0]).toEqual({
      type: "tool-call",
      id: "s2",
      name: "shell",
      arguments: { commands: ["pwd"] },
    });
    expect(turns[1]?.parts[0]).toMatchObject({ name: "shell", content: { output: [] } });
  });

  it("apply_patch_call + apply_patch_call_output: the operation as the call, status and log as the result", () => {
    const diff = "@@\n-hello\n+hello, world";
    const { turns } = decode([
      {
        type: "apply_patch_call",
        id: "apc_1",
        call_id: "call_ap",
        status: "completed",
        operation: { type: "update_file", path: "hello.txt", diff },
      },
      {
        type: "apply_patch_call_output",
        call_id: "call_ap",
        status: "completed",
        output: "Updated hello.txt",
      },
    ]);
    expect(turns).toEqual([
      {
        role: "assistant",
        parts: [
          {
            type: "tool-call",
            id: "call_ap",
            name: "apply_patch",
            arguments: { operation: { type: "update_file", path: "hello.txt", diff } },
          },
        ],
      },
      {
        role: "tool",
        parts: [
          {
            type: "tool-result",
            callId: "call_ap",
            name: "apply_patch",
            content: { status: "completed", output: "Updated hello.txt" },
          },
        ],
      },
    ]);
  });

  it("a delete_file call has no diff; a failed output without log is its status alone", () => {
    const { turns } = decode([
      {
        type: "apply_patch_call",
        call_id: "call_rm",
        status: "completed",
        operation: { type: "delete_file", path: "old.txt" },
      },
      { type: "apply_patch_call_output", call_id: "call_rm", status: "failed", output: null },
    ]);
    expect(turns[0]?.parts[0]).toMatchObject({
      arguments: { operation: { type: "delete_file", path: "old.txt" } },
    });
    expect(turns[1]?.parts[0]).toMatchObject({ content: { status: "failed" } });
  });

  it("calls without output are named by their kind and the output type that answers them", () => {
    const shell = errorOf([shellCall]);
    expect(shell.param).toBe("input[0]");
    expect(shell.message).toMatch(/^No tool output found for shell call call_sh\. /);
    expect(shell.message).toContain("shell_call_output");
    const patch = errorOf([
      {
        type: "apply_patch_call",
        call_id: "call_ap",
        status: "completed",
        operation: { type: "create_file", path: "a.txt", diff: "+a" },
      },
    ]);
    expect(patch.message).toMatch(/^No tool output found for apply patch call call_ap\. /);
    expect(patch.message).toContain("apply_patch_call_output");
  });

  it("outputs without a call before them → the same 400 as other outputs, naming their call_id", () => {
    const shell = errorOf([
      { role: "user", content: "hi" },
      { type: "shell_call_output", call_id: "nope", output: [] },
    ]);
    expect(shell.status).toBe(400);
    expect(shell.param).toBe("input[1].call_id");
    expect(shell.message).toMatch(/^No tool call found for shell call output with call_id nope\. /);
    const patch = errorOf([{ type: "apply_patch_call_output", call_id: "nope", status: "completed" }]);
    expect(patch.param).toBe("input[0].call_id");
    expect(patch.message).toMatch(/^No tool call found for apply patch call output with call_id nope\. /);
  });

  it.each([
    [{ type: "shell_call", call_id: "c", action: { commands: "ls" } }, "input[0].action.commands"],
    [
      {
        type: "apply_patch_call",
        call_id: "c",
        status: "completed",
        operation: { type: "rename_file", path: "a" },
      },
      "input[0].operation.type",
    ],
    [{ type: "shell_call_output", call_id: "c", output: "done" }, "input[0].output"],
  ])("a malformed item %j → 400 naming %s", (item, param) => {
    const error = (() => {
      try {
        parseResponsesRequest({ model: "gpt-5.1", input: [item] });
      } catch (failure) {
        return failure as AgateError;
      }
      throw new Error("expected a 400");
    })();
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
  });
});

describe("decodeInputItems: reasoning and references", () => {
  it.each([
    { encrypted_content: "gAAAAABoZ2x1ZS1vcGFxdWUtYmxvYg==" },
    { encrypted_content: null },
    { content: null, encrypted_content: null },
    { id: "rs_1", status: "completed" },
  ])("a reasoning item %j is ignored without error", (extra) => {
    const { turns, system } = decode([
      { role: "user", content: "hi" },
      { type: "reasoning", summary: [{ type: "summary_text", text: "**Planning** the answer" }], ...extra },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "Hello" }] },
    ]);
    expect(system).toEqual([]);
    expect(turns.map((turn) => turn.role)).toEqual(["user", "assistant"]);
    expect(turns[1]?.parts).toEqual([{ type: "text", text: "Hello" }]);
  });

  it("a reasoning item with an empty summary is ignored too", () => {
    expect(decode([{ type: "reasoning", summary: [], encrypted_content: null }]).turns).toEqual([]);
  });

  it("an item_reference left unresolved → 400 naming input[i].id", () => {
    const error = errorOf([
      { role: "user", content: "x" },
      { type: "item_reference", id: "msg_unknown" },
    ]);
    expect(error.status).toBe(400);
    expect(error.param).toBe("input[1].id");
  });
});

describe("decodeInputItems: code_interpreter_call (code Gemini ran, resent by the client)", () => {
  /** Where the store keeps the signature of the code of a call agate made: its id. */
  const keyed = { signatureKey: "ci_1" };
  const call = (over: Record<string, unknown>) => ({
    type: "code_interpreter_call",
    id: "ci_1",
    status: "completed",
    code: "print(6 * 7)",
    container_id: "cntr_1",
    outputs: [{ type: "logs", logs: "42\n" }],
    ...over,
  });

  it("→ an assistant code-execution part in place, each logs output one run", () => {
    const { turns } = decode([
      { role: "user", content: "6 * 7?" },
      { role: "assistant", content: "Computing." },
      call({}),
      { role: "assistant", content: "It is 42." },
    ]);
    expect(turns).toEqual([
      { role: "user", parts: [{ type: "text", text: "6 * 7?" }] },
      { role: "assistant", parts: [{ type: "text", text: "Computing." }] },
      {
        role: "assistant",
        parts: [
          {
            type: "code-execution",
            code: "print(6 * 7)",
            results: [{ outcome: "ok", output: "42\n" }],
            ...keyed,
          },
        ],
      },
      { role: "assistant", parts: [{ type: "text", text: "It is 42." }] },
    ]);
  });

  it.each([
    ["failed", "failed"],
    ["incomplete", "timed-out"],
    ["completed", "ok"],
    ["interpreting", "ok"],
  ])("status %s: the last run's outcome is %s, the runs before it ran through", (status, outcome) => {
    const { turns } = decode([
      { role: "user", content: "go" },
      call({
        status,
        outputs: [
          { type: "logs", logs: "ok\n" },
          { type: "image", url: "https://example.com/plot.png" },
          { type: "logs", logs: "Traceback\n" },
        ],
      }),
    ]);
    expect(turns[1]?.parts).toEqual([
      {
        type: "code-execution",
        code: "print(6 * 7)",
        results: [
          { outcome: "ok", output: "ok\n" },
          { outcome, output: "Traceback\n" },
        ],
        ...keyed,
      },
    ]);
  });

  it("outputs null (not asked for with include) or missing: the code alone", () => {
    for (const outputs of [{ outputs: null }, { outputs: undefined }]) {
      const { turns } = decode([{ role: "user", content: "go" }, call(outputs)]);
      expect(turns[1]?.parts).toEqual([
        { type: "code-execution", code: "print(6 * 7)", results: [], ...keyed },
      ]);
    }
  });

  it("outputs null with the runs' output the store kept (agate_outputs): those go back", () => {
    const kept = [{ type: "logs", logs: "42\n" }];
    const { turns } = decode([{ role: "user", content: "go" }, call({ outputs: null, agate_outputs: kept })]);
    expect(turns[1]?.parts).toEqual([
      {
        type: "code-execution",
        code: "print(6 * 7)",
        results: [{ outcome: "ok", output: "42\n" }],
        ...keyed,
      },
    ]);
  });

  it("Gemini 3's signature of the code: from a reasoning item just before it, else the store's key (its id)", () => {
    const before = { type: "reasoning", summary: [], encrypted_content: "agate-signature:c2ln" };
    const signed = decode([{ role: "user", content: "go" }, before, call({})]);
    expect(signed.turns[1]?.parts[0]).toMatchObject({ type: "code-execution", signature: "c2ln" });
    const keyed = decode([{ role: "user", content: "go" }, call({})]);
    expect(keyed.turns[1]?.parts[0]).toMatchObject({ type: "code-execution", signatureKey: "ci_1" });
    // An id agate did not make (a client's, another provider's) is no key.
    const foreign = decode([{ role: "user", content: "go" }, call({ id: "ci-x" })]);
    expect(foreign.turns[1]?.parts[0]).not.toHaveProperty("signatureKey");
  });

  it("a call without code (null or empty) has nothing to replay: no turn", () => {
    for (const code of [null, ""]) {
      expect(decode([{ role: "user", content: "go" }, call({ code })]).turns).toHaveLength(1);
    }
  });

  it("outputs that are not a list of outputs → 400 naming them", () => {
    const parse = (outputs: unknown) => () =>
      parseResponsesRequest({ model: "gpt-4o", input: [{ role: "user", content: "go" }, call({ outputs })] });
    expect(parse("42")).toThrow(expect.objectContaining({ status: 400, param: "input[1].outputs" }));
    expect(parse([{ type: "files" }])).toThrow(
      expect.objectContaining({ status: 400, param: "input[1].outputs[0].type" }),
    );
  });
});

describe("decodeInputItems: the thought signature of an answer", () => {
  const answer = (extra: Record<string, unknown> = {}) => ({
    type: "message",
    role: "assistant",
    content: [
      { type: "output_text", text: "Hello" },
      { type: "output_text", text: "there!" },
    ],
    ...extra,
  });
  const assistantParts = (raw: unknown[]) =>
    decode(raw).turns.find((turn) => turn.role === "assistant")?.parts;

  it("a reasoning item carrying agate's signature puts it on the last text of the answer after it", () => {
    expect(
      assistantParts([
        { role: "user", content: "hi" },
        { type: "reasoning", summary: [], encrypted_content: signedContent("c2lnbmVk") },
        answer({ id: "msg_1" }),
      ]),
    ).toEqual([
      { type: "text", text: "Hello" },
      { type: "text", text: "there!", signature: "c2lnbmVk" },
    ]);
  });

  it("one naming a message: the store's key for it (a streamed answer's signature came after its reasoning item)", () => {
    expect(
      assistantParts([
        { role: "user", content: "hi" },
        { type: "reasoning", summary: [], encrypted_content: signatureReference("msg_7") },
        answer(),
      ])?.at(-1),
    ).toEqual({ type: "text", text: "there!", signatureKey: "msg_7" });
  });

  it("another provider's encrypted_content, or one before a call, signs nothing (it would not be Gemini's)", () => {
    const parts = assistantParts([
      { role: "user", content: "hi" },
      { type: "reasoning", summary: [], encrypted_content: "gAAAAABoZ2x1ZS1vcGFxdWUtYmxvYg==" },
      answer(),
    ]);
    expect(parts?.at(-1)).toEqual({ type: "text", text: "there!" });
    const afterCall = decode([
      { role: "user", content: "hi" },
      { type: "reasoning", summary: [], encrypted_content: signedContent("c2lnbmVk") },
      { type: "function_call", call_id: "call_1", name: "f", arguments: "{}" },
      { type: "function_call_output", call_id: "call_1", output: "ok" },
      answer(),
    ]).turns.at(-1);
    expect(afterCall?.parts.at(-1)).toEqual({ type: "text", text: "there!" });
  });
});
