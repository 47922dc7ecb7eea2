import { describe, expect, it } from "vitest";
import { completedMessage, runOutput, stop, text } from "../../../test/helpers/responses-output.js";
import type { GenerateEvent } from "../../hub/types.js";

const code = (value: string): GenerateEvent => ({ type: "code-execution", candidate: 0, code: value });
const ran = (output: string, outcome: "ok" | "failed" | "timed-out" = "ok"): GenerateEvent => ({
  type: "code-execution-result",
  candidate: 0,
  outcome,
  output,
});
const answer = [text("Computing."), code("print(6 * 7)"), ran("42\n"), text("It is 42."), stop];

describe("OutputBuilder, code Gemini ran (a code_interpreter request)", () => {
  it("output: the text before as commentary, a code_interpreter_call, then the final answer", () => {
    const { output } = runOutput(answer, { includeCodeOutputs: true });
    expect(output).toEqual([
      completedMessage("msg_1", "Computing.", "commentary"),
      {
        type: "code_interpreter_call",
        id: "ci_2",
        status: "completed",
        code: "print(6 * 7)",
        container_id: "cntr_3",
        outputs: [{ type: "logs", logs: "42\n" }],
      },
      completedMessage("msg_4", "It is 42.", "final_answer"),
    ]);
  });

  it("outputs are null unless include asks for code_interpreter_call.outputs, as OpenAI's", () => {
    const { output } = runOutput(answer);
    expect(output[1]).toMatchObject({ type: "code_interpreter_call", status: "completed", outputs: null });
  });

  it("streamed: added, in_progress, the code's delta and done, interpreting; completed and done when the text goes on", () => {
    const { events } = runOutput(answer, { includeCodeOutputs: true });
    const about = { output_index: 1, item_id: "ci_2" };
    const added = {
      type: "code_interpreter_call",
      id: "ci_2",
      status: "in_progress",
      code: "",
      container_id: "cntr_3",
      outputs: [],
    };
    const types = events.map((event) => event.type);
    const from = types.indexOf("response.output_item.added", 1);
    expect(events.slice(from, from + 7)).toEqual([
      { type: "response.output_item.added", output_index: 1, item: added },
      { type: "response.code_interpreter_call.in_progress", ...about },
      { type: "response.code_interpreter_call_code.delta", ...about, delta: "print(6 * 7)" },
      { type: "response.code_interpreter_call_code.done", ...about, code: "print(6 * 7)" },
      { type: "response.code_interpreter_call.interpreting", ...about },
      { type: "response.code_interpreter_call.completed", ...about },
      {
        type: "response.output_item.done",
        output_index: 1,
        item: {
          ...added,
          status: "completed",
          code: "print(6 * 7)",
          outputs: [{ type: "logs", logs: "42\n" }],
        },
      },
    ]);
    // The commentary message is done before the call opens; the answer's message opens after it is done.
    expect(types.slice(0, from).at(-1)).toBe("response.output_item.done");
    expect(events[from + 7]).toMatchObject({ type: "response.output_item.added", output_index: 2 });
  });

  it("without include the streamed items say outputs: null too", () => {
    const { events } = runOutput(answer);
    const items = events.flatMap((event) =>
      (event.item as { type?: string } | undefined)?.type === "code_interpreter_call" ? [event.item] : [],
    );
    expect(items.map((item) => (item as { outputs: unknown }).outputs)).toEqual([null, null]);
  });

  it("several runs of one code: one logs output each; the call's status says how the last ended", () => {
    const failed = runOutput(
      [code("print('ok')\nprint(1/0)"), ran("ok\n"), ran("ZeroDivisionError\n", "failed"), stop],
      {
        includeCodeOutputs: true,
      },
    );
    expect(failed.output).toEqual([
      {
        type: "code_interpreter_call",
        id: "ci_1",
        status: "failed",
        code: "print('ok')\nprint(1/0)",
        container_id: "cntr_2",
        outputs: [
          { type: "logs", logs: "ok\n" },
          { type: "logs", logs: "ZeroDivisionError\n" },
        ],
      },
    ]);
    const late = runOutput([
      code("while True: pass"),
      ran("", "timed-out"),
      text("It ran out of time."),
      stop,
    ]);
    expect(late.output[0]).toMatchObject({ status: "incomplete" });
  });

  it("two calls in one answer share one container, as OpenAI's calls of a response do", () => {
    const { output } = runOutput([
      code("x = 6"),
      ran(""),
      code("print(x * 7)"),
      ran("42\n"),
      text("42."),
      stop,
    ]);
    expect(
      output.map((item) => [item.type, item.id, "container_id" in item ? item.container_id : null]),
    ).toEqual([
      ["code_interpreter_call", "ci_1", "cntr_2"],
      ["code_interpreter_call", "ci_3", "cntr_2"],
      ["message", "msg_4", null],
    ]);
  });

  it("a run's result without its code (a malformed upstream) still makes a call, with empty code", () => {
    const { output } = runOutput([ran("42\n"), stop], { includeCodeOutputs: true });
    expect(output).toEqual([
      {
        type: "code_interpreter_call",
        id: "ci_1",
        status: "completed",
        code: "",
        container_id: "cntr_2",
        outputs: [{ type: "logs", logs: "42\n" }],
      },
    ]);
  });

  it("a web search in the same answer: its item first, as for any answer of a searching request", () => {
    const { output } = runOutput(answer, { webSearch: true });
    expect(output.map((item) => item.type)).toEqual([
      "web_search_call",
      "message",
      "code_interpreter_call",
      "message",
    ]);
    const codeFirst = runOutput([code("print(1)"), ran("1\n"), stop], { webSearch: true });
    expect(codeFirst.output.map((item) => item.type)).toEqual(["web_search_call", "code_interpreter_call"]);
  });

  it("a web search's citations count in the whole answer's text: each lands on the message it cites, in its own indices", () => {
    // Gemini's segments (and the hub's citations) count from the start of the candidate's text, the words
    // before the code included; the message after the code starts further on.
    const before = "I will compute it.";
    const after = "It is 42. Paris is in France.";
    const cited = "Paris is in France.";
    const start = before.length + after.indexOf(cited);
    const citations: GenerateEvent = {
      type: "citations",
      candidate: 0,
      queries: ["6 * 7"],
      sources: ["https://a.example/"],
      citations: [{ start, end: start + cited.length, url: "https://a.example/", title: "a.example" }],
    };
    const { output, events } = runOutput(
      [text(before), code("print(6 * 7)"), ran("42\n"), text(after), citations, stop],
      { webSearch: true },
    );
    const last = output.at(-1) as {
      content: { text: string; annotations: { start_index: number; end_index: number }[] }[];
    };
    const [annotation] = last.content[0]?.annotations ?? [];
    expect(annotation).toBeDefined();
    expect(last.content[0]?.text.slice(annotation?.start_index, annotation?.end_index)).toBe(cited);
    const added = events.find((event) => event.type === "response.output_text.annotation.added");
    expect(added?.annotation).toEqual(annotation);
  });

  it("an answer cut short while its code runs: the call is left incomplete, as the message would be", () => {
    const { builder } = runOutput([]);
    builder.handle(code("import time; time.sleep(60)"));
    builder.cutShort();
    expect(builder.output[0]).toMatchObject({ type: "code_interpreter_call", status: "incomplete" });
  });

  it("an answer cut short after its run's result: the call ends as its run did, not incomplete", () => {
    for (const [outcome, status] of [
      ["ok", "completed"],
      ["failed", "failed"],
    ] as const) {
      const { builder } = runOutput([]);
      builder.handle(code("print(6 * 7)"));
      builder.handle(ran("42\n", outcome));
      builder.cutShort();
      expect(builder.output[0]).toMatchObject({ type: "code_interpreter_call", status });
    }
  });

  it("an answer that ends after its code with no result (a stream ended there, a token limit): incomplete, never completed", () => {
    for (const finish of [[], [stop], [{ ...stop, reason: "length", rawReason: "MAX_TOKENS" } as const]]) {
      const { output } = runOutput([code("print(6 * 7)"), ...finish], { includeCodeOutputs: true });
      expect(output[0]).toMatchObject({ type: "code_interpreter_call", status: "incomplete", outputs: [] });
    }
  });

  describe("code Gemini 3 signed", () => {
    const signed: GenerateEvent = {
      type: "code-execution",
      candidate: 0,
      code: "print(6 * 7)",
      signature: "c2ln",
    };
    const thought: GenerateEvent = { type: "reasoning-delta", candidate: 0, text: "Use Python." };

    it("the store keeps the signature under the call's id; without include, no reasoning item is added", () => {
      const saved: [string, string][] = [];
      const { output } = runOutput([signed, ran("42\n"), text("42."), stop], {
        saveSignature: (id, signature) => void saved.push([id, signature]),
      });
      expect(saved).toEqual([["ci_1", "c2ln"]]);
      expect(output.map((item) => item.type)).toEqual(["code_interpreter_call", "message"]);
    });

    it("with include encrypted_content, a reasoning item before the call carries it, as before a signed function call", () => {
      const alone = runOutput([signed, ran("42\n"), text("42."), stop], { includeEncrypted: true });
      expect(alone.output.slice(0, 2)).toEqual([
        { type: "reasoning", id: "rs_1", summary: [], encrypted_content: "agate-signature:c2ln" },
        expect.objectContaining({ type: "code_interpreter_call", id: "ci_2" }),
      ]);
      const afterThoughts = runOutput([thought, signed, ran("42\n"), stop], { includeEncrypted: true });
      expect(afterThoughts.output.map((item) => item.type)).toEqual(["reasoning", "code_interpreter_call"]);
      expect(afterThoughts.output[0]).toMatchObject({ encrypted_content: "agate-signature:c2ln" });
    });
  });

  it("another candidate's code is not read (the Responses API has no n)", () => {
    const { output } = runOutput([
      { type: "code-execution", candidate: 1, code: "print(1)" },
      text("Hi"),
      stop,
    ]);
    expect(output.map((item) => item.type)).toEqual(["message"]);
  });
});
