import { renderAccounts, tickCountdowns } from "./accounts-view.js";
import { type AccountSummary, ApiError, api, type Overview, type RequestEntry } from "./api.js";
import { type Dimension, hourSlots, renderCharts } from "./charts.js";
import { renderConnect } from "./connect-view.js";
import { byId, h, replace } from "./dom.js";
import { FeedView } from "./feed-view.js";
import { formatNumber } from "./format.js";
import { MappingView } from "./mapping-view.js";

/** The dashboard: wires the views to agate's admin API, the live feed and a few timers. */

const OVERVIEW_EVERY_MS = 3_000;
const CHARTS_EVERY_MS = 60_000;
const TABS = ["dashboard", "models", "connect"] as const;
type Tab = (typeof TABS)[number];

let overview: Overview | undefined;
let dimension: Dimension = "model";
let chartsTimer: number | undefined;

const feed = new FeedView(byId<HTMLTableSectionElement>("feed-rows"), byId("feed-empty"));
const mapping = new MappingView(
  byId<HTMLTableSectionElement>("mapping-rows"),
  byId<HTMLFormElement>("mapping-form"),
  byId("alias-rows"),
  { notify },
);

function notify(message: string, kind: "error" | "ok" = "error"): void {
  const toast = h(
    "div",
    { class: `toast toast-${kind}`, role: kind === "error" ? "alert" : "status" },
    message,
  );
  byId("toasts").append(toast);
  setTimeout(() => toast.remove(), kind === "error" ? 8_000 : 3_000);
}

const actions = {
  toggle: (account: AccountSummary) =>
    void act(
      account.state === "disabled" ? api.enable(account.id) : api.disable(account.id),
      `${account.label} ${account.state === "disabled" ? "enabled" : "disabled"}.`,
    ),
  clearCooldowns: (account: AccountSummary) =>
    void act(api.clearCooldowns(account.id), `Cool-downs of ${account.label} cleared.`),
};

async function act(action: Promise<unknown>, done: string): Promise<void> {
  try {
    await action;
    notify(done, "ok");
  } catch (error) {
    // Only a route agate does not have means an older agate; account_not_found says which account is gone.
    const code = error instanceof ApiError ? error.code : null;
    notify(
      code === "unknown_route"
        ? "This agate has no account admin API (/admin/accounts): update agate to change accounts from here."
        : `That did not work: ${(error as Error).message}`,
    );
  }
  await refreshOverview();
}

async function refreshOverview(): Promise<void> {
  try {
    const first = overview === undefined;
    overview = await api.overview();
    renderOverview(overview);
    if (first) {
      renderConnect(byId("connect-body"), overview.connect);
      void mapping.load(overview.model_mapping, overview.model_aliases);
    }
    byId("offline").hidden = true;
  } catch (error) {
    byId("offline").hidden = false;
    byId("offline").textContent = `Cannot reach agate's admin API: ${(error as Error).message}`;
  }
}

function renderOverview(data: Overview): void {
  byId("version").textContent = `v${data.version}`;
  replace(
    byId("today"),
    h(
      "span",
      { title: "Client requests since 00:00 UTC" },
      h("b", {}, formatNumber(data.today.requests)),
      " requests today",
    ),
    h("span", {}, h("b", {}, formatNumber(data.today.errors)), " errors"),
    h("span", {}, h("b", {}, formatNumber(data.today.total_tokens)), " tokens"),
  );
  renderAccounts(byId("accounts"), data.accounts, actions);
  byId("feed-base-url").textContent = data.connect.base_url;
}

async function refreshCharts(): Promise<void> {
  try {
    const stats = await api.stats(`hour,${dimension}`, "24h");
    renderCharts(byId("charts"), stats.data, hourSlots(Date.now(), 24), dimension);
  } catch (error) {
    replace(
      byId("charts"),
      h("p", { class: "empty-inline" }, `Charts unavailable: ${(error as Error).message}`),
    );
  }
}

/** Refreshes the charts and the totals soon after traffic, at most once a second. */
function chartsSoon(): void {
  if (chartsTimer !== undefined) return;
  chartsTimer = window.setTimeout(() => {
    chartsTimer = undefined;
    void refreshCharts();
    void refreshOverview();
  }, 1_000);
}

async function startFeed(): Promise<void> {
  try {
    feed.load((await api.requests(50)).data);
  } catch (error) {
    notify(`Cannot read the request log: ${(error as Error).message}`);
  }
  const status = byId("live-status");
  const source = new EventSource("/admin/requests/live");
  source.addEventListener("open", () => {
    status.textContent = "live";
    status.className = "live live-on";
  });
  source.addEventListener("error", () => {
    status.textContent = "reconnecting…";
    status.className = "live live-off";
  });
  source.addEventListener("request", (event) => {
    feed.add(JSON.parse((event as MessageEvent<string>).data) as RequestEntry);
    chartsSoon();
  });
}

function showTab(tab: Tab): void {
  for (const name of TABS) {
    byId(`tab-${name}`).hidden = name !== tab;
    byId(`nav-${name}`).setAttribute("aria-current", name === tab ? "page" : "false");
  }
}

function currentTab(): Tab {
  const hash = location.hash.replace(/^#/, "");
  return (TABS as readonly string[]).includes(hash) ? (hash as Tab) : "dashboard";
}

function boot(): void {
  window.addEventListener("hashchange", () => showTab(currentTab()));
  showTab(currentTab());
  for (const button of document.querySelectorAll<HTMLButtonElement>("[data-dimension]")) {
    button.addEventListener("click", () => {
      dimension = button.dataset.dimension === "account" ? "account" : "model";
      for (const other of document.querySelectorAll<HTMLButtonElement>("[data-dimension]"))
        other.setAttribute("aria-pressed", String(other === button));
      void refreshCharts();
    });
  }
  void refreshOverview();
  void refreshCharts();
  void startFeed();
  window.setInterval(() => void refreshOverview(), OVERVIEW_EVERY_MS);
  window.setInterval(() => void refreshCharts(), CHARTS_EVERY_MS);
  window.setInterval(() => tickCountdowns(Date.now()), 1_000);
}

boot();
