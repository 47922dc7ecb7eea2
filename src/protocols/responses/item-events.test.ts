import { describe, expect, it } from "vitest";
import { itemEvents, streamedTextEvents } from "./item-events.js";
import type { ShellCallItem } from "./output-types.js";

const shell: ShellCallItem = {
  type: "shell_call",
  id: "sh_1",
  call_id: "call_1",
  action: { commands: ["ls"], timeout_ms: null, max_output_length: null },
  status: "completed",
  environment: { type: "local" },
};
const opening: ShellCallItem = { ...shell, status: "in_progress" };

describe("itemEvents", () => {
  it("added with the opening item, the events between, done with the item whole", () => {
    const between = { type: "response.something", output_index: 3 };
    expect(itemEvents(3, opening, shell, [between])).toEqual([
      { type: "response.output_item.added", output_index: 3, item: opening },
      between,
      { type: "response.output_item.done", output_index: 3, item: shell },
    ]);
  });

  it("nothing between: the pair alone", () => {
    expect(itemEvents(0, opening, shell).map((event) => event.type)).toEqual([
      "response.output_item.added",
      "response.output_item.done",
    ]);
  });
});

describe("streamedTextEvents", () => {
  it("one delta of the whole text, then the stream's done event with the fields given, after item_id and output_index", () => {
    const events = streamedTextEvents(1, opening, shell, "response.x", "abc", { text: "abc" });
    expect(events.slice(1, 3)).toEqual([
      { type: "response.x.delta", item_id: "sh_1", output_index: 1, delta: "abc" },
      { type: "response.x.done", item_id: "sh_1", output_index: 1, text: "abc" },
    ]);
    expect(events.slice(1, 3).map((event) => Object.keys(event))).toEqual([
      ["type", "item_id", "output_index", "delta"],
      ["type", "item_id", "output_index", "text"],
    ]);
  });
});
