import type { AccountView } from "../accounts/account-view.js";

/** `agate accounts list` as a terminal table: id, kind, label, state, requests today, quota left. */
export function renderAccountsTable(views: readonly AccountView[], now: number): string {
  if (views.length === 0)
    return "No accounts yet. Add one with `agate accounts add gemini --key -`, `agate accounts login`, or `agate accounts import PATH`.";
  const rows = views.map((view) => [
    view.id,
    view.kind,
    view.email !== null && view.email !== view.label ? `${view.label} <${view.email}>` : view.label,
    stateOf(view, now),
    String(view.requests_today),
    quotaOf(view),
  ]);
  return table(["ID", "KIND", "LABEL", "STATE", "TODAY", "QUOTA LEFT"], rows);
}

function stateOf(view: AccountView, now: number): string {
  if (view.state === "disabled") return `disabled: ${view.disabled_reason ?? "off"}`;
  if (view.state === "active") return "active";
  const last = view.cooldowns.at(-1);
  const models = view.cooldowns.map((cooldown) => cooldown.model ?? "all models");
  return `cooling until ${when(Date.parse(last?.until ?? ""), now)} (${models.join(", ")})`;
}

function quotaOf(view: AccountView): string {
  const known = view.quota.filter((entry) => entry.remaining_fraction !== null);
  if (known.length === 0) return "-";
  const sorted = [...known].sort((a, b) => (a.remaining_fraction ?? 1) - (b.remaining_fraction ?? 1));
  const shown = sorted
    .slice(0, 3)
    .map((entry) => `${entry.model} ${Math.round((entry.remaining_fraction ?? 0) * 100)}%`);
  return sorted.length > 3 ? `${shown.join(", ")}, +${sorted.length - 3} more` : shown.join(", ");
}

/** HH:MM local time on the same day as now, else the date too (07:30 at 23:00 would read as this morning). */
function when(time: number, now: number): string {
  if (Number.isNaN(time)) return "?";
  const date = new Date(time);
  const clock = `${pad(date.getHours())}:${pad(date.getMinutes())}`;
  const day = localDay(date);
  return day === localDay(new Date(now)) ? clock : `${day} ${clock}`;
}

function localDay(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const pad = (value: number) => String(value).padStart(2, "0");

function table(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}
