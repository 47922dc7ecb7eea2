import type { RequestEntry } from "./api.js";
import { h, replace } from "./dom.js";
import { formatDuration, formatNumber, formatTime, routeName } from "./format.js";

const MAX_ROWS = 200;

/** The live feed: newest request first, at most MAX_ROWS rows. */
export class FeedView {
  private readonly seen = new Set<string>();

  constructor(
    private readonly body: HTMLTableSectionElement,
    private readonly empty: HTMLElement,
  ) {}

  /** The first page (newest first). */
  load(entries: readonly RequestEntry[]): void {
    replace(this.body);
    this.seen.clear();
    for (const entry of [...entries].reverse()) this.add(entry, false);
    this.updateEmpty();
  }

  add(entry: RequestEntry, highlight = true): void {
    if (this.seen.has(entry.id)) return;
    this.seen.add(entry.id);
    const row = rowOf(entry);
    if (highlight) row.classList.add("fresh");
    this.body.prepend(row);
    while (this.body.rows.length > MAX_ROWS) this.body.deleteRow(-1);
    this.updateEmpty();
  }

  private updateEmpty(): void {
    this.empty.hidden = this.body.rows.length > 0;
  }
}

function rowOf(entry: RequestEntry): HTMLTableRowElement {
  const failed = entry.status >= 400 || entry.error_type !== "none";
  const model =
    entry.requested_model === null
      ? "—"
      : entry.mapped_model !== null && entry.mapped_model !== entry.requested_model
        ? `${entry.requested_model} → ${entry.mapped_model}`
        : entry.requested_model;
  return h(
    "tr",
    { "data-request": entry.id, class: failed ? "failed" : "" },
    h("td", { class: "nowrap", title: entry.time }, formatTime(entry.time)),
    h(
      "td",
      {},
      routeName(entry.route),
      entry.stream ? h("span", { class: "tag", title: "streamed" }, "SSE") : null,
    ),
    h("td", { class: "model" }, model),
    h("td", {}, entry.account_label ?? "—"),
    h(
      "td",
      {},
      h("span", { class: `status ${failed ? "status-bad" : "status-ok"}` }, String(entry.status)),
      entry.error_code === null ? null : h("span", { class: "error-code" }, entry.error_code),
      entry.error_code === null && entry.error_type !== "none"
        ? h("span", { class: "error-code" }, entry.error_type)
        : null,
    ),
    h("td", { class: "number" }, String(entry.attempts)),
    h("td", { class: "number" }, entry.ttfb_ms === null ? "—" : formatDuration(entry.ttfb_ms)),
    h("td", { class: "number" }, formatDuration(entry.total_ms)),
    h(
      "td",
      { class: "number", title: "prompt / completion tokens" },
      `${formatNumber(entry.prompt_tokens)} / ${formatNumber(entry.completion_tokens)}`,
    ),
  );
}
