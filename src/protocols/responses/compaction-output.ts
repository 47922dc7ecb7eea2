import { badUpstream } from "../../errors.js";
import type { GenerateEvent } from "../../hub/types.js";
import { itemEvents } from "./item-events.js";
import { OutputBuilder, type OutputBuilderOptions } from "./output-builder.js";
import type { CompactionItem, ResponseEvent } from "./output-types.js";

/**
 * The output of a response asked for a compaction (its input ends with a `compaction_trigger` item, as
 * Codex sends for its remote compaction): the model's text is the summary, and the response holds one
 * `compaction` item whose `encrypted_content` is that summary sealed, as POST /v1/responses/compact gives
 * it. Reasoning and tool calls are dropped; an answer without text is a bad upstream answer.
 */
export class CompactionBuilder extends OutputBuilder {
  private summary = "";

  constructor(
    private readonly compactionOptions: OutputBuilderOptions,
    private readonly seal: (summary: string) => string,
  ) {
    super(compactionOptions);
  }

  override handle(event: GenerateEvent): ResponseEvent[] {
    if ("candidate" in event && event.candidate !== 0) return [];
    if (event.type === "text-delta") this.summary += event.text;
    else if (event.type === "finish" || event.type === "usage" || event.type === "error") super.handle(event);
    return [];
  }

  override end(): ResponseEvent[] {
    const summary = this.summary.trim();
    if (summary === "") {
      throw badUpstream("The model gave no usable summary; try the compaction again.", "compaction_failed");
    }
    const item: CompactionItem = {
      type: "compaction",
      id: this.compactionOptions.newItemId("cmp"),
      encrypted_content: this.seal(summary),
    };
    this.output.push(item);
    return itemEvents(this.output.length - 1, { ...item }, item);
  }
}

/** The builder for a response: a compaction's when the context can seal a summary, else the usual one. */
export function outputBuilderFor(
  options: OutputBuilderOptions & { sealSummary?: (summary: string) => string },
): OutputBuilder {
  return options.sealSummary === undefined
    ? new OutputBuilder(options)
    : new CompactionBuilder(options, options.sealSummary);
}
