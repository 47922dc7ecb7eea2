import OpenAI from "openai";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { refusal } from "../helpers/sdk-refusal.js";
import { generationCalls } from "../helpers/sim-requests.js";
import { type Stack, startStack } from "../helpers/stack.js";

/**
 * GPT-5.1's client-run tools `shell` and `apply_patch`, as the OpenAI Agents SDK's shellTool() and
 * applyPatchTool() declare them, through the official openai SDK, agate and the simulator.
 */

let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack(1, { model_mapping: { "gpt-5.1": "gemini-3-pro-preview" } });
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.reset());

type GeminiPart = Record<string, unknown> & {
  functionCall?: { id?: string; name: string; args: unknown };
  functionResponse?: { id?: string; name: string; response: unknown };
  thoughtSignature?: string;
};
type GeminiBody = {
  contents: { role: string; parts: GeminiPart[] }[];
  tools?: { functionDeclarations?: { name: string; description?: string; parameters?: unknown }[] }[];
};
const upstreamBodies = () => generationCalls(stack.simulator).map((request) => request.body as GeminiBody);

const tools: OpenAI.Responses.Tool[] = [
  { type: "shell", environment: { type: "local" } },
  { type: "apply_patch" },
];
const diff = "+print('hello')\n";
const signature = Buffer.from("gemini-3-signature-for-shell").toString("base64");

/** Gemini 3 calls both functions in one step, signing the first call. */
function scriptBothCalls(): void {
  stack.simulator.script({
    respond: {
      reply: {
        functionCalls: [
          { name: "shell", args: { commands: ["ls -la", "cat README.md"], timeout_ms: 10000 } },
          { name: "apply_patch", args: { operation: { type: "create_file", path: "hello.py", diff } } },
        ],
        signature,
      },
    },
  });
}

describe("shell and apply_patch through the official openai SDK", () => {
  it("Gemini sees two described functions; its calls come back as shell_call and apply_patch_call", async () => {
    scriptBothCalls();
    const response = await client.responses.create({ model: "gpt-5.1", input: "Add hello.py", tools });
    expect(response.status).toBe("completed");
    const [shell, patch] = response.output;
    expect(shell).toMatchObject({
      type: "shell_call",
      status: "completed",
      action: { commands: ["ls -la", "cat README.md"], timeout_ms: 10000, max_output_length: null },
      environment: { type: "local" },
    });
    expect(shell?.id).toMatch(/^sh_/);
    expect(patch).toMatchObject({
      type: "apply_patch_call",
      status: "completed",
      operation: { type: "create_file", path: "hello.py", diff },
    });
    expect(patch?.id).toMatch(/^apc_/);

    const declarations = upstreamBodies()[0]?.tools?.[0]?.functionDeclarations ?? [];
    expect(declarations.map((declaration) => declaration.name)).toEqual(["shell", "apply_patch"]);
    expect(declarations[0]?.description).toMatch(/commands/);
    expect(JSON.stringify(declarations[0]?.parameters)).toContain("commands");
    expect(JSON.stringify(declarations[1]?.parameters)).toContain("delete_file");
    expect(declarations[1]?.description).toMatch(/V4A/);
  });

  it("stateless replay: the calls and their outputs go back as functionCall / functionResponse, signature kept", async () => {
    scriptBothCalls();
    const first = await client.responses.create({
      model: "gpt-5.1",
      input: "Add hello.py",
      tools,
      store: false,
    });
    const shell = first.output.find((item) => item.type === "shell_call");
    const patch = first.output.find((item) => item.type === "apply_patch_call");
    if (shell?.type !== "shell_call" || patch?.type !== "apply_patch_call") throw new Error("no calls");

    const second = await client.responses.create({
      model: "gpt-5.1",
      tools,
      store: false,
      input: [
        { role: "user", content: "Add hello.py" },
        shell,
        patch,
        {
          type: "shell_call_output",
          call_id: shell.call_id,
          max_output_length: null,
          output: [
            { stdout: "README.md\n", stderr: "", outcome: { type: "exit", exit_code: 0 } },
            { stdout: "# demo\n", stderr: "", outcome: { type: "exit", exit_code: 0 } },
          ],
        },
        {
          type: "apply_patch_call_output",
          call_id: patch.call_id,
          status: "completed",
          output: "Created hello.py",
        },
      ],
    });
    expect(second.status).toBe("completed");
    const contents = upstreamBodies()[1]?.contents ?? [];
    const calls = contents[1]?.parts ?? [];
    expect(calls[0]).toMatchObject({
      functionCall: { name: "shell", args: { commands: ["ls -la", "cat README.md"], timeout_ms: 10000 } },
      thoughtSignature: signature,
    });
    expect(calls[1]).toMatchObject({
      functionCall: {
        name: "apply_patch",
        args: { operation: { type: "create_file", path: "hello.py", diff } },
      },
    });
    expect(contents[2]?.parts.map((part) => part.functionResponse)).toEqual([
      {
        id: calls[0]?.functionCall?.id,
        name: "shell",
        response: {
          output: [
            { stdout: "README.md\n", stderr: "", outcome: { type: "exit", exit_code: 0 } },
            { stdout: "# demo\n", stderr: "", outcome: { type: "exit", exit_code: 0 } },
          ],
        },
      },
      {
        id: calls[1]?.functionCall?.id,
        name: "apply_patch",
        response: { status: "completed", output: "Created hello.py" },
      },
    ]);
  });

  it("streamed: numbered events, the patch's diff as delta/done, the items in the final response", async () => {
    scriptBothCalls();
    const stream = await client.responses.create({
      model: "gpt-5.1",
      input: "Add hello.py",
      tools,
      stream: true,
    });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    const raw = events.map((event) => event as unknown as Record<string, unknown>);
    const types = raw.map((event) => event.type);
    expect(types).toContain("response.apply_patch_call_operation_diff.delta");
    expect(raw.find((event) => event.type === "response.apply_patch_call_operation_diff.done")).toMatchObject(
      {
        output_index: 1,
        diff,
      },
    );
    const done = events.flatMap((event) => (event.type === "response.output_item.done" ? [event.item] : []));
    expect(done.map((item) => item.type)).toEqual(["shell_call", "apply_patch_call"]);
    const completed = events.at(-1);
    if (completed?.type !== "response.completed") throw new Error("no response.completed");
    expect(completed.response.output).toEqual(done);
  });

  it("stored: previous_response_id replays a forced shell call (the simulator's own), GET finds the items", async () => {
    const first = await client.responses.create({
      model: "gpt-5.1",
      input: "list the files",
      tools,
      tool_choice: { type: "shell" },
    });
    const shell = first.output[0];
    if (shell?.type !== "shell_call") throw new Error("no shell_call");
    expect(shell.action.commands.length).toBeGreaterThan(0);
    expect(upstreamBodies()[0]).toMatchObject({
      toolConfig: { functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["shell"] } },
    });

    const second = await client.responses.create({
      model: "gpt-5.1",
      previous_response_id: first.id,
      tools,
      input: [
        {
          type: "shell_call_output",
          call_id: shell.call_id,
          output: [{ stdout: "a.txt\n", stderr: "", outcome: { type: "exit", exit_code: 0 } }],
        },
      ],
    });
    expect(second.output_text).toContain("[results of shell]");
    const contents = upstreamBodies()[1]?.contents ?? [];
    expect(contents.map((content) => content.role)).toEqual(["user", "model", "user"]);
    expect(contents[1]?.parts[0]?.functionCall).toMatchObject({
      name: "shell",
      args: { commands: shell.action.commands },
    });
    expect(contents[2]?.parts[0]?.functionResponse).toMatchObject({ name: "shell" });

    const stored = await client.responses.retrieve(first.id);
    expect(stored.output).toEqual(first.output);
    const listed = await client.responses.inputItems.list(second.id);
    expect(listed.data[0]).toMatchObject({
      type: "shell_call_output",
      call_id: shell.call_id,
      status: "completed",
    });
  });

  it("a forced apply_patch call (the simulator's own, args fitted to the declaration) is one file operation", async () => {
    const response = await client.responses.create({
      model: "gpt-5.1",
      input: "notes.md",
      tools,
      tool_choice: { type: "apply_patch" },
    });
    const [patch] = response.output;
    if (patch?.type !== "apply_patch_call") throw new Error("no apply_patch_call");
    expect(["create_file", "update_file", "delete_file"]).toContain(patch.operation.type);
    expect(patch.operation.path).toBe("notes.md");
  });

  it("an output with no call before it → the same 400 as for other outputs, naming its call_id", async () => {
    const error = await refusal(
      client.responses.create({
        model: "gpt-5.1",
        tools,
        input: [
          { role: "user", content: "hi" },
          { type: "apply_patch_call_output", call_id: "call_nope", status: "completed" },
        ],
      }),
    );
    expect(error.param).toBe("input[1].call_id");
    expect(error.message).toMatch(/No tool call found for apply patch call output with call_id call_nope\. /);
    expect(generationCalls(stack.simulator)).toHaveLength(0);
  });

  it("a shell in an OpenAI-hosted container → 400 naming its environment", async () => {
    const error = await refusal(
      client.responses.create({
        model: "gpt-5.1",
        input: "hi",
        tools: [{ type: "shell", environment: { type: "container_auto" } }],
      }),
    );
    expect(error.param).toBe("tools[0].environment");
    expect(error.message).toContain("container_auto");
  });

  it("apply_patch beside a function tool named apply_patch → 400 naming the second, before Gemini is asked", async () => {
    const error = await refusal(
      client.responses.create({
        model: "gpt-5.1",
        input: "hi",
        tools: [
          { type: "apply_patch" },
          { type: "function", name: "apply_patch", parameters: { type: "object" }, strict: false },
        ],
      }),
    );
    expect(error.param).toBe("tools[1].name");
    expect(error.message).toMatch(/clash/);
    expect(generationCalls(stack.simulator)).toHaveLength(0);
  });
});
