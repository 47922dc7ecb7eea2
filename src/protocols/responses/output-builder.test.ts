import { describe, expect, it } from "vitest";
import {
  completedMessage,
  outputBuilder,
  runOutput,
  stop,
  text,
  thought,
  toolCall,
} from "../../../test/helpers/responses-output.js";
import type { GenerateEvent } from "../../hub/types.js";
import type { ResponseEvent } from "./output-types.js";
import { signatureReference, signedContent } from "./text-signatures.js";

/** Every item's events are announced by output_item.added and end with output_item.done holding the item. */
function expectConsistent(events: ResponseEvent[], output: unknown[]) {
  const added = new Set<string>();
  for (const event of events) {
    const item = event.item as { id: string } | undefined;
    if (event.type === "response.output_item.added" && item !== undefined) added.add(item.id);
    if (typeof event.item_id === "string") expect(added.has(event.item_id)).toBe(true);
    if (event.type === "response.output_item.done") {
      expect(item).toEqual(output[event.output_index as number]);
    }
  }
  const done = events.filter((event) => event.type === "response.output_item.done");
  expect(done).toHaveLength(output.length);
}

/** The events as the client reads them: equal, and each object's fields in the same order once serialized. */
function expectWire(events: ResponseEvent[], expected: ResponseEvent[]) {
  expect(events).toEqual(expected);
  expect(JSON.stringify(events)).toBe(JSON.stringify(expected));
}

describe("OutputBuilder", () => {
  it("text only: the exact event sequence and a completed final_answer message", () => {
    const { types, events, output } = runOutput([text("Hel"), text("lo"), stop]);
    expect(types).toEqual([
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
    ]);
    expect(events[0]).toEqual({
      type: "response.output_item.added",
      output_index: 0,
      item: { type: "message", id: "msg_1", status: "in_progress", role: "assistant", content: [] },
    });
    expect(events[1]).toEqual({
      type: "response.content_part.added",
      item_id: "msg_1",
      output_index: 0,
      content_index: 0,
      part: { type: "output_text", text: "", annotations: [], logprobs: [] },
    });
    expect(events[2]).toEqual({
      type: "response.output_text.delta",
      item_id: "msg_1",
      output_index: 0,
      content_index: 0,
      delta: "Hel",
      logprobs: [],
    });
    expect(events[4]).toMatchObject({ type: "response.output_text.done", item_id: "msg_1", text: "Hello" });
    expect(events[5]).toMatchObject({
      type: "response.content_part.done",
      part: { type: "output_text", text: "Hello", annotations: [] },
    });
    expect(output).toEqual([completedMessage("msg_1", "Hello", "final_answer")]);
    expectConsistent(events, output);
  });

  it("log probabilities: on each text delta, and all of them on the output_text part and its done event", () => {
    const token = (value: string, logprob: number) => ({
      token: value,
      logprob,
      top: [{ token: value, logprob }],
    });
    const { events, output } = runOutput([
      { type: "text-delta", candidate: 0, text: "Hi ", logprobs: [token("Hi ", -0.1)] },
      { type: "text-delta", candidate: 0, text: "there" },
      { type: "logprobs", candidate: 0, tokens: [token("there", -0.3)] },
      { type: "finish", candidate: 0, reason: "stop" },
    ]);
    const openai = (value: string, logprob: number) => {
      const bytes = [...Buffer.from(value)];
      return { token: value, logprob, bytes, top_logprobs: [{ token: value, logprob, bytes }] };
    };
    const deltas = events.filter((event) => event.type === "response.output_text.delta");
    expect(deltas.map((event) => event.logprobs)).toEqual([[openai("Hi ", -0.1)], []]);
    const all = [openai("Hi ", -0.1), openai("there", -0.3)];
    expect(events.find((event) => event.type === "response.output_text.done")?.logprobs).toEqual(all);
    expect(output[0]).toMatchObject({ content: [{ text: "Hi there", logprobs: all }] });
  });

  it("reasoning then text: summary events close the reasoning item before the message opens", () => {
    const { types, events, output } = runOutput([thought("Thinking "), thought("hard."), text("42"), stop]);
    expect(types).toEqual([
      "response.output_item.added",
      "response.reasoning_summary_part.added",
      "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.done",
      "response.reasoning_summary_part.done",
      "response.output_item.done",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
    ]);
    expect(events[0]).toEqual({
      type: "response.output_item.added",
      output_index: 0,
      item: { type: "reasoning", id: "rs_1", summary: [] },
    });
    expect(events[1]).toEqual({
      type: "response.reasoning_summary_part.added",
      item_id: "rs_1",
      output_index: 0,
      summary_index: 0,
      part: { type: "summary_text", text: "" },
    });
    expect(events[2]).toEqual({
      type: "response.reasoning_summary_text.delta",
      item_id: "rs_1",
      output_index: 0,
      summary_index: 0,
      delta: "Thinking ",
    });
    expect(events[4]).toEqual({
      type: "response.reasoning_summary_text.done",
      item_id: "rs_1",
      output_index: 0,
      summary_index: 0,
      text: "Thinking hard.",
    });
    expect(output[0]).toEqual({
      type: "reasoning",
      id: "rs_1",
      summary: [{ type: "summary_text", text: "Thinking hard." }],
    });
    expect(output[1]).toMatchObject({ type: "message", id: "msg_2", phase: "final_answer" });
    expect(events[7]).toMatchObject({ output_index: 1 });
    expectConsistent(events, output);
  });

  it("no summary asked for: the reasoning item with summary [] and its signature, no summary events", () => {
    const { types, events, output } = runOutput(
      [thought("Thinking ", "c2lnbmF0dXJl"), thought("hard."), text("42"), stop],
      { reasoningSummary: false, includeEncrypted: true },
    );
    expect(types).toEqual([
      "response.output_item.added",
      "response.output_item.done",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
    ]);
    const item = { type: "reasoning", id: "rs_1", summary: [], encrypted_content: "c2lnbmF0dXJl" };
    expect(events[0]).toEqual({ type: "response.output_item.added", output_index: 0, item });
    expect(events[1]).toEqual({ type: "response.output_item.done", output_index: 0, item });
    expect(output[0]).toEqual(item);
    expect(output[1]).toMatchObject({ type: "message", content: [{ text: "42" }] });
    expectConsistent(events, output);
  });

  it("a function call: added (empty arguments) → arguments.delta → arguments.done → done (complete item)", () => {
    const { types, events, output } = runOutput([
      toolCall("call_1", "get_weather", { city: "Paris" }),
      { type: "finish", candidate: 0, reason: "tool-calls", rawReason: "STOP" },
    ]);
    expect(types).toEqual([
      "response.output_item.added",
      "response.function_call_arguments.delta",
      "response.function_call_arguments.done",
      "response.output_item.done",
    ]);
    const item = {
      type: "function_call",
      id: "fc_1",
      call_id: "call_1",
      name: "get_weather",
      arguments: '{"city":"Paris"}',
      status: "completed",
    };
    expectWire(events, [
      {
        type: "response.output_item.added",
        output_index: 0,
        item: { ...item, arguments: "", status: "in_progress" },
      },
      {
        type: "response.function_call_arguments.delta",
        item_id: "fc_1",
        output_index: 0,
        delta: '{"city":"Paris"}',
      },
      {
        type: "response.function_call_arguments.done",
        item_id: "fc_1",
        output_index: 0,
        name: "get_weather",
        arguments: '{"city":"Paris"}',
      },
      { type: "response.output_item.done", output_index: 0, item },
    ]);
    expect(output).toEqual([item]);
  });

  it("text then a call: the message becomes commentary; a final text after the call is final_answer", () => {
    const { output, events } = runOutput([
      text("Let me check the weather."),
      toolCall("call_1", "get_weather", { city: "Paris" }),
      text("Done."),
      stop,
    ]);
    expect(output.map((item) => item.type)).toEqual(["message", "function_call", "message"]);
    expect(output[0]).toMatchObject({ status: "completed", phase: "commentary" });
    expect(output[2]).toMatchObject({ status: "completed", phase: "final_answer" });
    const doneTypes = events
      .filter((event) => event.type === "response.output_item.done")
      .map((event) => event.output_index);
    expect(doneTypes).toEqual([0, 1, 2]);
    expectConsistent(events, output);
  });

  it("text then a call, nothing after: the message is commentary", () => {
    const { output } = runOutput([text("Checking."), toolCall("call_1", "get_weather", {}), stop]);
    expect(output[0]).toMatchObject({ type: "message", phase: "commentary" });
  });

  it("a namespaced call comes back with name + namespace", () => {
    const { events, output } = runOutput(
      [toolCall("call_ns", "github__search_issues", { query: "is:open" }), stop],
      {
        tools: { github__search_issues: { kind: "function", name: "search_issues", namespace: "github" } },
      },
    );
    expect(output[0]).toEqual({
      type: "function_call",
      id: "fc_1",
      call_id: "call_ns",
      name: "search_issues",
      namespace: "github",
      arguments: '{"query":"is:open"}',
      status: "completed",
    });
    expect(events[0]?.item).toMatchObject({ name: "search_issues", namespace: "github" });
    expect(events[2]).toMatchObject({ type: "response.function_call_arguments.done", name: "search_issues" });
  });

  it("a custom tool call: input.delta and input.done events, and the raw input in the item", () => {
    const patch = "*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch";
    const { types, events, output } = runOutput([toolCall("call_p", "apply_patch", { input: patch }), stop], {
      tools: { apply_patch: { kind: "custom", name: "apply_patch" } },
    });
    expect(types).toEqual([
      "response.output_item.added",
      "response.custom_tool_call_input.delta",
      "response.custom_tool_call_input.done",
      "response.output_item.done",
    ]);
    expect(events[0]?.item).toMatchObject({
      type: "custom_tool_call",
      call_id: "call_p",
      name: "apply_patch",
      input: "",
    });
    expect(events[1]).toEqual({
      type: "response.custom_tool_call_input.delta",
      item_id: "ctc_1",
      output_index: 0,
      delta: patch,
    });
    expect(events[2]).toEqual({
      type: "response.custom_tool_call_input.done",
      item_id: "ctc_1",
      output_index: 0,
      input: patch,
    });
    expect(output[0]).toMatchObject({
      type: "custom_tool_call",
      id: "ctc_1",
      call_id: "call_p",
      name: "apply_patch",
      input: patch,
    });
  });

  it("a namespaced custom tool call: the exact events, the item added with its input empty", () => {
    const { events, output } = runOutput([toolCall("call_q", "db__query", { input: "SELECT 1" }), stop], {
      tools: { db__query: { kind: "custom", name: "query", namespace: "db" } },
    });
    const item = {
      type: "custom_tool_call",
      id: "ctc_1",
      call_id: "call_q",
      name: "query",
      input: "SELECT 1",
      status: "completed",
      namespace: "db",
    };
    expect(output).toEqual([item]);
    expectWire(events, [
      {
        type: "response.output_item.added",
        output_index: 0,
        item: { ...item, input: "", status: "in_progress" },
      },
      { type: "response.custom_tool_call_input.delta", item_id: "ctc_1", output_index: 0, delta: "SELECT 1" },
      { type: "response.custom_tool_call_input.done", item_id: "ctc_1", output_index: 0, input: "SELECT 1" },
      { type: "response.output_item.done", output_index: 0, item },
    ]);
  });

  it("a local_shell call is a local_shell_call item with an exec action", () => {
    const { types, events, output } = runOutput(
      [
        toolCall("call_sh", "local_shell", {
          command: ["ls", "-la"],
          working_directory: "/repo",
          timeout_ms: 10000,
        }),
        stop,
      ],
      { tools: { local_shell: { kind: "local_shell" } } },
    );
    expect(types).toEqual(["response.output_item.added", "response.output_item.done"]);
    const item = {
      type: "local_shell_call",
      id: "lsh_1",
      call_id: "call_sh",
      action: {
        working_directory: "/repo",
        timeout_ms: 10000,
        type: "exec",
        command: ["ls", "-la"],
        env: {},
      },
      status: "completed",
    };
    expect(output[0]).toEqual(item);
    expectWire(events, [
      { type: "response.output_item.added", output_index: 0, item: { ...item, status: "in_progress" } },
      { type: "response.output_item.done", output_index: 0, item },
    ]);
  });

  it("a shell call is a shell_call item: the commands and limits, a local environment; no events of its own", () => {
    const { types, events, output } = runOutput(
      [toolCall("call_sh", "shell", { commands: ["ls -la", "git status"], timeout_ms: 30000 }), stop],
      { tools: { shell: { kind: "shell" } } },
    );
    expect(types).toEqual(["response.output_item.added", "response.output_item.done"]);
    const item = {
      type: "shell_call",
      id: "sh_1",
      call_id: "call_sh",
      action: { commands: ["ls -la", "git status"], timeout_ms: 30000, max_output_length: null },
      status: "completed",
      environment: { type: "local" },
    };
    expect(output[0]).toEqual(item);
    expectWire(events, [
      { type: "response.output_item.added", output_index: 0, item: { ...item, status: "in_progress" } },
      { type: "response.output_item.done", output_index: 0, item },
    ]);
    expectConsistent(events, output);
  });

  it("a shell call whose commands came as one string gets it as its one command", () => {
    const { output } = runOutput(
      [toolCall("c", "shell", { commands: "ls", max_output_length: 4096 }), stop],
      {
        tools: { shell: { kind: "shell" } },
      },
    );
    expect(output[0]).toMatchObject({
      action: { commands: ["ls"], timeout_ms: null, max_output_length: 4096 },
    });
  });

  it("an apply_patch call is an apply_patch_call item, its diff streamed as OpenAI streams it", () => {
    const diff = "+print('hi')\n";
    const { types, events, output } = runOutput(
      [toolCall("call_ap", "apply_patch", { operation: { type: "create_file", path: "hi.py", diff } }), stop],
      { tools: { apply_patch: { kind: "apply_patch" } } },
    );
    expect(types).toEqual([
      "response.output_item.added",
      "response.apply_patch_call_operation_diff.delta",
      "response.apply_patch_call_operation_diff.done",
      "response.output_item.done",
    ]);
    const item = {
      type: "apply_patch_call",
      id: "apc_1",
      call_id: "call_ap",
      operation: { type: "create_file", path: "hi.py", diff },
      status: "completed",
    };
    expect(output[0]).toEqual(item);
    expect(events[0]?.item).toEqual({
      ...item,
      operation: { type: "create_file", path: "hi.py", diff: "" },
      status: "in_progress",
    });
    expect(events[1]).toEqual({
      type: "response.apply_patch_call_operation_diff.delta",
      item_id: "apc_1",
      output_index: 0,
      delta: diff,
    });
    expect(events[2]).toEqual({
      type: "response.apply_patch_call_operation_diff.done",
      item_id: "apc_1",
      output_index: 0,
      diff,
    });
    expectWire(events, [
      {
        type: "response.output_item.added",
        output_index: 0,
        item: { ...item, operation: { type: "create_file", path: "hi.py", diff: "" }, status: "in_progress" },
      },
      {
        type: "response.apply_patch_call_operation_diff.delta",
        item_id: "apc_1",
        output_index: 0,
        delta: diff,
      },
      { type: "response.apply_patch_call_operation_diff.done", item_id: "apc_1", output_index: 0, diff },
      { type: "response.output_item.done", output_index: 0, item },
    ]);
    expectConsistent(events, output);
  });

  it("a delete_file call has no diff and no diff events", () => {
    const { types, events, output } = runOutput(
      [
        toolCall("call_rm", "apply_patch", { operation: { type: "delete_file", path: "old.txt", diff: "" } }),
        stop,
      ],
      { tools: { apply_patch: { kind: "apply_patch" } } },
    );
    expect(types).toEqual(["response.output_item.added", "response.output_item.done"]);
    expect(output[0]).toMatchObject({ operation: { type: "delete_file", path: "old.txt" } });
    expect(output[0]).not.toHaveProperty("operation.diff");
    const item = {
      type: "apply_patch_call",
      id: "apc_1",
      call_id: "call_rm",
      operation: { type: "delete_file", path: "old.txt" },
      status: "completed",
    };
    expectWire(events, [
      { type: "response.output_item.added", output_index: 0, item: { ...item, status: "in_progress" } },
      { type: "response.output_item.done", output_index: 0, item },
    ]);
  });

  it("an apply_patch call whose operation came flat (no `operation` object) is read all the same", () => {
    const { output } = runOutput(
      [toolCall("c", "apply_patch", { type: "update_file", path: "a.txt" }), stop],
      {
        tools: { apply_patch: { kind: "apply_patch" } },
      },
    );
    expect(output[0]).toMatchObject({ operation: { type: "update_file", path: "a.txt", diff: "" } });
  });

  it("parallel calls are two items, in order", () => {
    const { output, events } = runOutput([
      toolCall("a", "get_weather", { city: "Paris" }),
      toolCall("b", "get_weather", { city: "Rome" }),
      stop,
    ]);
    expect(output.map((item) => (item.type === "function_call" ? item.call_id : ""))).toEqual(["a", "b"]);
    expectConsistent(events, output);
  });

  it("a client's own function named local_shell stays a function_call", () => {
    const { output } = runOutput([toolCall("c1", "local_shell", { command: "ls" }), stop], {
      tools: { local_shell: { kind: "function", name: "local_shell" } },
    });
    expect(output[0]).toMatchObject({
      type: "function_call",
      name: "local_shell",
      arguments: '{"command":"ls"}',
    });
  });

  it("include reasoning.encrypted_content puts the thought signature in encrypted_content", () => {
    const { output } = runOutput([thought("Plan.", "c2lnbmF0dXJl"), text("ok"), stop], {
      includeEncrypted: true,
    });
    expect(output[0]).toMatchObject({ type: "reasoning", encrypted_content: "c2lnbmF0dXJl" });
  });

  it("a signature on a later thought part still lands in encrypted_content", () => {
    const { output } = runOutput([thought("a"), thought("b", "bGF0ZQ=="), stop], { includeEncrypted: true });
    expect(output[0]).toMatchObject({ encrypted_content: "bGF0ZQ==" });
  });

  it("Gemini 3 signs the step's first call, not its thoughts: that signature is the reasoning's encrypted_content", () => {
    const signed: GenerateEvent = {
      type: "tool-call",
      candidate: 0,
      id: "call_1",
      name: "shell",
      arguments: { command: "ls" },
      signature: "c2lnbmVk",
    };
    const { output, events } = runOutput(
      [thought("List first."), signed, toolCall("call_2", "shell", {}), stop],
      {
        includeEncrypted: true,
      },
    );
    expect(output[0]).toMatchObject({ type: "reasoning", encrypted_content: "c2lnbmVk" });
    expectConsistent(events, output);
    expect(runOutput([thought("List first."), signed, stop]).output[0]).not.toHaveProperty(
      "encrypted_content",
    );
  });

  it("with include but no signature, encrypted_content is null; without include, it is absent", () => {
    expect(runOutput([thought("a"), stop], { includeEncrypted: true }).output[0]).toMatchObject({
      encrypted_content: null,
    });
    expect(runOutput([thought("a", "c2ln"), stop]).output[0]).not.toHaveProperty("encrypted_content");
  });

  it("MAX_TOKENS: the message is incomplete", () => {
    const { output, events } = runOutput([
      text("Once upon a"),
      { type: "finish", candidate: 0, reason: "length", rawReason: "MAX_TOKENS" },
    ]);
    expect(output[0]).toMatchObject({ type: "message", status: "incomplete" });
    expect(events.at(-1)).toMatchObject({
      type: "response.output_item.done",
      item: { status: "incomplete" },
    });
  });

  it("keeps finish and usage for the encoder, and reads only the first candidate", () => {
    const usage = { inputTokens: 10, outputTokens: 5, reasoningTokens: 2, cachedTokens: 0 };
    const { output, builder: built } = runOutput([
      text("one"),
      { type: "text-delta", candidate: 1, text: "two" },
      { type: "finish", candidate: 0, reason: "stop", rawReason: "STOP" },
      { type: "usage", usage },
    ]);
    expect(output).toHaveLength(1);
    expect(output[0]).toMatchObject({ content: [{ text: "one" }] });
    expect(built.finish).toEqual({ reason: "stop", raw: "STOP" });
    expect(built.usage).toEqual(usage);
  });

  it("an error event is thrown to the encoder", () => {
    const output = outputBuilder();
    const failure = new Error("upstream died");
    expect(() => output.handle({ type: "error", error: failure })).toThrow(failure);
  });
});

describe("OutputBuilder: Gemini 3's signature of an answer without a function call", () => {
  const signature: GenerateEvent = { type: "text-signature", candidate: 0, signature: "c2lnbmVk" };
  const signedCall: GenerateEvent = {
    type: "tool-call",
    candidate: 0,
    id: "call_1",
    name: "lookup",
    arguments: {},
    signature: "Y2FsbA==",
  };

  it("include, no summary: a reasoning item (summary []) opens the output, done before the message, naming it", () => {
    const saved: [string, string][] = [];
    const { types, events, output, builder } = runOutput([text("Hello"), text("!"), signature, stop], {
      includeEncrypted: true,
      reasoningSummary: false,
      answersSigned: true,
      saveSignature: (id, value) => void saved.push([id, value]),
    });
    expect(types).toEqual([
      "response.output_item.added",
      "response.output_item.done",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
    ]);
    // The signature comes after the text, once the reasoning item is out: the item names the message, whose
    // signature the store keeps.
    const reasoning = {
      type: "reasoning",
      id: "rs_1",
      summary: [],
      encrypted_content: signatureReference("msg_2"),
    };
    expectWire(events.slice(0, 2), [
      { type: "response.output_item.added", output_index: 0, item: reasoning },
      { type: "response.output_item.done", output_index: 0, item: reasoning },
    ]);
    expect(output[1]).toMatchObject({ type: "message", id: "msg_2", content: [{ text: "Hello!" }] });
    expect(saved).toEqual([["msg_2", "c2lnbmVk"]]);
    expectConsistent(events, output);
    // A whole (JSON) answer carries the signature itself.
    builder.inlineSignatures();
    expect(output[0]).toEqual({ ...reasoning, encrypted_content: signedContent("c2lnbmVk") });
  });

  it("thoughts shown first (a summary): their reasoning item names the message; no second reasoning item", () => {
    const { output, events, builder } = runOutput([thought("Greet."), text("Hello"), signature, stop], {
      includeEncrypted: true,
      answersSigned: true,
    });
    expect(output.map((item) => item.type)).toEqual(["reasoning", "message"]);
    expect(output[0]).toMatchObject({
      summary: [{ text: "Greet." }],
      encrypted_content: signatureReference("msg_2"),
    });
    expectConsistent(events, output);
    builder.inlineSignatures();
    expect(output[0]).toMatchObject({ encrypted_content: signedContent("c2lnbmVk") });
  });

  it("without include: no reasoning item, the signature still kept by the message's id", () => {
    const saved: [string, string][] = [];
    const { output } = runOutput([text("Hello"), signature, stop], {
      answersSigned: true,
      saveSignature: (id, value) => void saved.push([id, value]),
    });
    expect(output.map((item) => item.type)).toEqual(["message"]);
    expect(saved).toEqual([["msg_1", "c2lnbmVk"]]);
  });

  it("a model that does not sign its answers (2.5): no reasoning item before its text", () => {
    const { output } = runOutput([text("Hello"), stop], { includeEncrypted: true, reasoningSummary: false });
    expect(output.map((item) => item.type)).toEqual(["message"]);
  });

  it("include, no thoughts: a signed call gets a reasoning item (summary []) before it, carrying its signature", () => {
    const { output, events, types } = runOutput([signedCall, stop], {
      includeEncrypted: true,
      reasoningSummary: false,
      answersSigned: true,
    });
    expect(output[0]).toEqual({ type: "reasoning", id: "rs_1", summary: [], encrypted_content: "Y2FsbA==" });
    expect(output[1]).toMatchObject({ type: "function_call", call_id: "call_1" });
    expect(types.slice(0, 2)).toEqual(["response.output_item.added", "response.output_item.done"]);
    expectConsistent(events, output);
    expect(
      runOutput([signedCall, stop], { reasoningSummary: false }).output.map((item) => item.type),
    ).toEqual(["function_call"]);
  });
});
