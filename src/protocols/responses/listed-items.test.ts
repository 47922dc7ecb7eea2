import { describe, expect, it } from "vitest";
import { listedInputItem } from "./listed-items.js";

// Input items as the store keeps them: the client's items, each with an id (withItemIds).
describe("input items as GET /v1/responses/{id}/input_items lists them", () => {
  it("a user message sent as a string: its text as one input_text part, completed", () => {
    const stored = { type: "message", role: "user", content: "hi", id: "msg_a_1" };
    expect(listedInputItem(stored)).toEqual({
      type: "message",
      role: "user",
      content: [{ type: "input_text", text: "hi" }],
      id: "msg_a_1",
      status: "completed",
    });
  });

  it("system and developer messages sent as strings are input_text too", () => {
    for (const role of ["system", "developer"]) {
      const listed = listedInputItem({ type: "message", role, content: "be brief", id: "msg_a_2" });
      expect(listed.content).toEqual([{ type: "input_text", text: "be brief" }]);
    }
  });

  it("an assistant message sent as a string: an output message with output_text and its annotations", () => {
    const stored = { type: "message", role: "assistant", content: "hello", id: "msg_a_3" };
    expect(listedInputItem(stored)).toEqual({
      type: "message",
      role: "assistant",
      content: [{ type: "output_text", text: "hello", annotations: [] }],
      id: "msg_a_3",
      status: "completed",
    });
  });

  it("a Chat Completions image_url part (LangChain's image blocks) is listed as the input_image it was taken as", () => {
    const stored = {
      type: "message",
      role: "user",
      content: [
        { type: "input_text", text: "what is this?" },
        { type: "image_url", image_url: "data:image/png;base64,iVBORw0KGgo=" },
        { type: "image_url", image_url: { url: "https://e.x/cat.png", detail: "low" } },
      ],
      id: "msg_a_9",
    };
    expect(listedInputItem(stored).content).toEqual([
      { type: "input_text", text: "what is this?" },
      { type: "input_image", image_url: "data:image/png;base64,iVBORw0KGgo=", detail: "auto" },
      { type: "input_image", image_url: "https://e.x/cat.png", detail: "low" },
    ]);
  });

  it("output_text parts sent without annotations get an empty list; other parts are kept as sent", () => {
    const stored = {
      type: "message",
      role: "assistant",
      content: [
        { type: "output_text", text: "x" },
        { type: "output_text", text: "y", annotations: [{ type: "url_citation", url: "https://e.x" }] },
        { type: "refusal", refusal: "no" },
      ],
      id: "msg_a_4",
    };
    expect(listedInputItem(stored).content).toEqual([
      { type: "output_text", text: "x", annotations: [] },
      { type: "output_text", text: "y", annotations: [{ type: "url_citation", url: "https://e.x" }] },
      { type: "refusal", refusal: "no" },
    ]);
  });

  it("parts lists of user messages are kept as sent", () => {
    const content = [
      { type: "input_text", text: "look" },
      { type: "input_image", image_url: "data:image/png;base64,AAAA", detail: "low" },
    ];
    const listed = listedInputItem({ type: "message", role: "user", content, id: "msg_a_5" });
    expect(listed.content).toEqual(content);
  });

  it("tool calls and their outputs say completed; a status the client sent is kept", () => {
    const call = { type: "function_call", call_id: "c1", name: "f", arguments: "{}", id: "fc_a_6" };
    const output = { type: "function_call_output", call_id: "c1", output: "ok", id: "fco_a_7" };
    const custom = { type: "custom_tool_call", call_id: "c2", name: "g", input: "x", id: "ctc_1" };
    const customOutput = { type: "custom_tool_call_output", call_id: "c2", output: "y", id: "ctco_1" };
    for (const item of [call, output, custom, customOutput])
      expect(listedInputItem(item)).toEqual({ ...item, status: "completed" });
    const incomplete = { ...call, status: "incomplete" };
    expect(listedInputItem(incomplete)).toEqual(incomplete);
  });

  it("shell and apply_patch calls and outputs sent without status say completed, as OpenAI lists them", () => {
    const shell = { type: "shell_call", call_id: "s", action: { commands: ["ls"] }, id: "item_1" };
    const shellOutput = { type: "shell_call_output", call_id: "s", output: [], id: "item_2" };
    const patch = {
      type: "apply_patch_call",
      call_id: "p",
      operation: { type: "delete_file", path: "a" },
      id: "item_3",
    };
    for (const item of [shell, shellOutput, patch])
      expect(listedInputItem(item)).toEqual({ ...item, status: "completed" });
    const failed = { type: "apply_patch_call_output", call_id: "p", status: "failed", id: "item_4" };
    expect(listedInputItem(failed)).toEqual(failed);
  });

  it("other items (reasoning, local shell) are listed as they were sent", () => {
    const reasoning = { type: "reasoning", summary: [], encrypted_content: null, id: "rs_1" };
    expect(listedInputItem(reasoning)).toEqual(reasoning);
  });

  it("does not change the stored item (item_reference still resolves what the client sent)", () => {
    const stored = { type: "message", role: "user", content: "hi", id: "msg_a_8" };
    listedInputItem(stored);
    expect(stored).toEqual({ type: "message", role: "user", content: "hi", id: "msg_a_8" });
  });

  it("a code_interpreter_call whose output the store kept: null as its client was shown, shown when asked", () => {
    const kept = [{ type: "logs", logs: "42\n" }];
    const stored = {
      type: "code_interpreter_call",
      id: "ci_a_9",
      code: "print(6 * 7)",
      outputs: null,
      agate_outputs: kept,
    };
    const shown = { type: "code_interpreter_call", id: "ci_a_9", code: "print(6 * 7)" };
    expect(listedInputItem(stored)).toEqual({ ...shown, outputs: null });
    expect(listedInputItem(stored, true)).toEqual({ ...shown, outputs: kept });
    // Outputs the client was shown stay as they were.
    const given = [{ type: "logs", logs: "41\n" }];
    expect(listedInputItem({ ...stored, outputs: given }, true)).toEqual({ ...shown, outputs: given });
  });
});
