import type { OutputItem, ResponseEvent } from "./output-types.js";

/**
 * An output item's stream events: output_item.added with the item as it begins (`opening`), the item's own
 * events (`between`), then output_item.done with the item whole.
 */
export function itemEvents(
  index: number,
  opening: OutputItem,
  item: OutputItem,
  between: readonly ResponseEvent[] = [],
): ResponseEvent[] {
  return [
    { type: "response.output_item.added", output_index: index, item: opening },
    ...between,
    { type: "response.output_item.done", output_index: index, item },
  ];
}

/**
 * An item whose text streams between its added and done events (a function call's arguments, a custom tool's
 * input, an apply_patch diff): Gemini gives the text whole, so one `<stream>.delta`, then `<stream>.done` with
 * `done`'s fields.
 */
export function streamedTextEvents(
  index: number,
  opening: OutputItem,
  item: OutputItem,
  stream: string,
  text: string,
  done: Record<string, unknown>,
): ResponseEvent[] {
  const about = { item_id: item.id, output_index: index };
  return itemEvents(index, opening, item, [
    { type: `${stream}.delta`, ...about, delta: text },
    { type: `${stream}.done`, ...about, ...done },
  ]);
}
