import { describe, expect, it } from "vitest";
import { AgateError } from "../../errors.js";
import { CompactionBuilder, outputBuilderFor } from "./compaction-output.js";
import { OutputBuilder } from "./output-builder.js";

const options = {
  newItemId: (prefix: string) => `${prefix}_1`,
  tools: new Map(),
  includeEncrypted: true,
  reasoningSummary: true,
};
const seal = (summary: string) => `sealed(${summary})`;

describe("CompactionBuilder", () => {
  it("the model's text, sealed, in one compaction item; reasoning and calls dropped, usage kept", () => {
    const builder = new CompactionBuilder(options, seal);
    const during = [
      builder.handle({ type: "reasoning-delta", candidate: 0, text: "thinking" }),
      builder.handle({ type: "text-delta", candidate: 0, text: " The user is " }),
      builder.handle({ type: "tool-call", candidate: 0, id: "c1", name: "f", arguments: {} }),
      builder.handle({ type: "text-delta", candidate: 0, text: "Ada. " }),
      builder.handle({ type: "finish", candidate: 0, reason: "stop" }),
      builder.handle({
        type: "usage",
        usage: { inputTokens: 9, outputTokens: 4, reasoningTokens: 0, cachedTokens: 0 },
      }),
    ];
    expect(during.flat()).toEqual([]);
    const item = { type: "compaction", id: "cmp_1", encrypted_content: "sealed(The user is Ada.)" };
    expect(builder.end()).toEqual([
      { type: "response.output_item.added", output_index: 0, item },
      { type: "response.output_item.done", output_index: 0, item },
    ]);
    expect(builder.output).toEqual([item]);
    expect(builder.usage?.inputTokens).toBe(9);
    expect(builder.finish).toEqual({ reason: "stop" });
  });

  it("no text → a bad upstream answer (compaction_failed)", () => {
    const builder = new CompactionBuilder(options, seal);
    builder.handle({ type: "text-delta", candidate: 0, text: "  " });
    expect(() => builder.end()).toThrow(AgateError);
    expect(() => builder.end()).toThrow(/no usable summary/);
  });

  it("outputBuilderFor: a compaction's builder only when a summary can be sealed", () => {
    expect(outputBuilderFor(options)).not.toBeInstanceOf(CompactionBuilder);
    expect(outputBuilderFor(options)).toBeInstanceOf(OutputBuilder);
    expect(outputBuilderFor({ ...options, sealSummary: seal })).toBeInstanceOf(CompactionBuilder);
  });
});
