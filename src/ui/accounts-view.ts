import type { AccountSummary, Quota } from "./api.js";
import { h, replace } from "./dom.js";
import { formatDuration, formatNumber } from "./format.js";

export interface AccountActions {
  toggle(account: AccountSummary): void;
  clearCooldowns(account: AccountSummary): void;
}

const STATE_TEXT: Record<AccountSummary["state"], string> = {
  up: "active",
  cooling: "cooling",
  disabled: "disabled",
};

/** One card per account: state, cool-downs counting down, quota bars, and the actions. */
export function renderAccounts(
  container: HTMLElement,
  accounts: AccountSummary[],
  actions: AccountActions,
): void {
  if (accounts.length === 0) {
    replace(
      container,
      h(
        "div",
        { class: "empty", id: "no-accounts" },
        h("h3", {}, "No upstream account yet"),
        h("p", {}, "agate needs at least one Gemini account to answer requests. Add one with:"),
        h("pre", {}, "agate accounts add gemini --key <GEMINI_API_KEY>"),
        h("p", {}, "or start agate with GEMINI_API_KEY set, or try everything with the built-in simulator:"),
        h("pre", {}, "agate demo"),
      ),
    );
    return;
  }
  replace(container, ...accounts.map((account) => card(account, actions)));
}

function card(account: AccountSummary, actions: AccountActions): HTMLElement {
  const off = account.state === "disabled";
  return h(
    "article",
    { class: `account state-${account.state}`, "data-account": account.id },
    h(
      "header",
      {},
      h("span", { class: "account-label", title: account.label }, account.label),
      h("span", { class: `badge badge-${account.state}` }, STATE_TEXT[account.state]),
    ),
    h("div", { class: "account-meta" }, h("span", { class: "tag" }, account.kind), h("code", {}, account.id)),
    account.disabled_reason === null ? null : h("p", { class: "reason" }, account.disabled_reason),
    h(
      "dl",
      { class: "figures" },
      h(
        "div",
        {
          title: "Upstream requests since 00:00 UTC, retries included (as `agate accounts list` counts them)",
        },
        h("dt", {}, "Requests today"),
        h("dd", {}, formatNumber(account.requests_today)),
      ),
      h("div", {}, h("dt", {}, "In flight"), h("dd", {}, formatNumber(account.in_flight))),
    ),
    cooldownList(account),
    quotaBars(account.quota),
    h(
      "footer",
      {},
      h(
        "button",
        {
          class: off ? "primary" : "",
          "data-action": off ? "enable" : "disable",
          onclick: () => actions.toggle(account),
        },
        off ? "Enable" : "Disable",
      ),
      account.cooldowns.length === 0
        ? null
        : h(
            "button",
            { "data-action": "clear-cooldowns", onclick: () => actions.clearCooldowns(account) },
            "Clear cool-downs",
          ),
    ),
  );
}

function cooldownList(account: AccountSummary): HTMLElement | null {
  if (account.cooldowns.length === 0) return null;
  return h(
    "ul",
    { class: "cooldowns" },
    ...account.cooldowns.map((cooldown) =>
      h(
        "li",
        {},
        h("span", { class: "cooldown-model" }, cooldown.model ?? "all models"),
        h("span", { class: "cooldown-reason" }, cooldown.reason),
        h(
          "span",
          { class: "countdown", "data-until": cooldown.until },
          formatDuration(cooldown.remaining_ms),
        ),
      ),
    ),
  );
}

function quotaBars(quota: Quota[]): HTMLElement | null {
  const known = quota.filter((entry) => entry.remaining_fraction !== null);
  if (known.length === 0) return null;
  return h(
    "div",
    { class: "quota" },
    ...known.map((entry) => {
      const percent = Math.round((entry.remaining_fraction ?? 0) * 100);
      const level = percent <= 10 ? "low" : percent <= 35 ? "mid" : "high";
      return h(
        "div",
        {
          class: "quota-row",
          title: entry.reset_at === null ? "" : `resets ${new Date(entry.reset_at).toLocaleString()}`,
        },
        h("span", { class: "quota-model" }, entry.model),
        h(
          "span",
          {
            class: "bar",
            role: "meter",
            "aria-valuenow": percent,
            "aria-valuemin": 0,
            "aria-valuemax": 100,
            "aria-label": `${entry.model} quota left`,
          },
          h("span", { class: `fill fill-${level}`, style: `width: ${percent}%` }),
        ),
        h("span", { class: "quota-percent" }, `${percent}%`),
      );
    }),
  );
}

/** Moves every cool-down countdown on the page to `now`. */
export function tickCountdowns(now: number): void {
  for (const element of document.querySelectorAll<HTMLElement>("[data-until]")) {
    const until = Date.parse(element.dataset.until ?? "");
    element.textContent = until > now ? formatDuration(until - now) : "ending…";
  }
}
