import { existsSync, mkdirSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { faults, startSimulator } from "../../src/simulator/index.js";
import { sequentialIds } from "../helpers/gateway.js";
import type { Stack } from "../helpers/stack.js";
import { testConfig } from "../helpers/test-config.js";

/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core (no browser download).
 * `.ci/run` installs chromium when it is missing; without it these tests are skipped.
 */
const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = new URL("../artifacts/", import.meta.url);

let browser: Browser | undefined;
let stack: Stack | undefined;
let page: Page | undefined;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterEach(async () => {
  await page?.close();
  page = undefined;
  await stack?.close();
  stack = undefined;
});

afterAll(async () => {
  await browser?.close();
});

/** Opens `url`; errors in the page fail the test, but for the ones `expected` matches. */
async function open(url: string, expected?: RegExp, timezoneId?: string): Promise<Page> {
  if (browser === undefined) throw new Error("no browser");
  page = await browser.newPage({
    viewport: { width: 1366, height: 900 },
    ...(timezoneId === undefined ? {} : { timezoneId }),
  });
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  await page.goto(url);
  expect(
    problems.filter((problem) => expected === undefined || !expected.test(problem)),
    "errors in the page",
  ).toEqual([]);
  return page;
}

describe.skipIf(!existsSync(CHROMIUM))("the dashboard in Chromium", () => {
  it("shows the demo account, clears its cool-down, follows a request live, disables it, edits the mapping", async () => {
    stack = await startDemoStack();
    const dashboard = await open(`${stack.url}/ui/`);
    const card = dashboard.locator("article.account", { hasText: "demo@simulator" });
    await card.waitFor();
    expect(await card.locator(".badge").textContent()).toBe("active");
    await dashboard.locator("#live-status.live-on").waitFor();
    await dashboard.locator("#feed-empty").waitFor();

    // A rate limit rests the account: the card says so with a countdown, and the page can end the rest.
    stack.simulator.script({ respond: faults.rateLimitPerMinute("90s") });
    expect((await ask(stack.url, "rate limited")).status).toBe(429);
    await card.locator(".badge", { hasText: "cooling" }).waitFor();
    expect(await card.locator(".countdown").textContent()).toMatch(/^1 m \d\d s$/);
    await card.locator('button[data-action="clear-cooldowns"]').click();
    await card.locator(".badge", { hasText: "active" }).waitFor();

    const response = await fetch(`${stack.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "gpt-4o",
        messages: [{ role: "user", content: "hello from the browser test" }],
      }),
    });
    expect(response.status).toBe(200);
    const requestId = response.headers.get("x-request-id") ?? "";
    const row = dashboard.locator(`#feed-rows tr[data-request="${requestId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain("gpt-4o");
    expect(await row.textContent()).toContain("demo@simulator");
    await dashboard.locator("#feed-empty").waitFor({ state: "hidden" });

    await card.locator('button[data-action="disable"]').click();
    await card.locator(".badge", { hasText: "disabled" }).waitFor();
    const accountId = (await card.getAttribute("data-account")) ?? "";
    const accounts = (await (await fetch(`${stack.url}/admin/accounts`)).json()) as {
      data: { id: string; state: string; enabled: boolean }[];
    };
    expect(accounts.data.find((account) => account.id === accountId)).toMatchObject({
      state: "disabled",
      enabled: false,
    });
    const blocked = await fetch(`${stack.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }),
    });
    expect(blocked.status).toBe(503);
    // The charts catch up with the three requests (the 429, the 200 and the 503 all reached routing).
    await dashboard
      .locator("#charts figure")
      .first()
      .locator("title", { hasText: "gemini-3.5-flash: 3" })
      .waitFor({ state: "attached" });
    await dashboard.screenshot({ path: new URL("dashboard.png", ARTIFACTS).pathname, fullPage: true });

    await dashboard.click("#nav-models");
    await dashboard.fill('#mapping-form input[name="pattern"]', "agate-gemini");
    await dashboard.fill('#mapping-form input[name="target"]', "gemini-2.5-pro");
    await dashboard.click('#mapping-form button[type="submit"]');
    await dashboard.locator('#mapping-rows tr[data-pattern="agate-gemini"]').waitFor();
    const mapping = (await (await fetch(`${stack.url}/admin/model-mapping`)).json()) as {
      model_mapping: Record<string, string>;
    };
    expect(mapping.model_mapping["agate-gemini"]).toBe("gemini-2.5-pro");
    await dashboard.screenshot({ path: new URL("dashboard-models.png", ARTIFACTS).pathname, fullPage: true });

    await dashboard.click("#nav-connect");
    await dashboard.locator("#base-url").waitFor();
    expect(await dashboard.locator("#base-url").textContent()).toBe(`${stack.url}/v1`);
    const snippets = await dashboard.locator(".snippet pre").allTextContents();
    expect(snippets).toHaveLength(5);
    for (const snippet of snippets) expect(snippet).toContain(`${stack.url}/v1`);
    await dashboard.screenshot({
      path: new URL("dashboard-connect.png", ARTIFACTS).pathname,
      fullPage: true,
    });
  });

  it("with admin_key: asks for the key once, then works, changes included", async () => {
    stack = await startDemoStack({ admin_key: "admin-key-for-the-browser-test" });
    // The sign-in page comes with a 401, which the browser reports.
    const signIn = await open(`${stack.url}/ui/`, /status of 401/);
    await signIn.fill("#key", "admin-key-for-the-browser-test");
    await signIn.click('button[type="submit"]');
    const card = signIn.locator("article.account", { hasText: "demo@simulator" });
    await card.waitFor();
    await signIn.locator("#live-status.live-on").waitFor();
    await card.locator('button[data-action="disable"]').click();
    await card.locator(".badge", { hasText: "disabled" }).waitFor();
    await card.locator('button[data-action="enable"]').click();
    await card.locator(".badge", { hasText: "active" }).waitFor();
  });

  it("says why an account action failed: an account removed meanwhile is not a missing admin API", async () => {
    stack = await startDemoStack();
    const added = await fetch(`${stack.url}/admin/accounts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        kind: "gemini",
        label: "temp@team",
        api_key: "sim-temp-key",
        base_url: stack.simulator.url,
      }),
    });
    expect(added.status).toBe(201);
    const dashboard = await open(`${stack.url}/ui/`);
    const card = dashboard.locator("article.account", { hasText: "temp@team" });
    await card.waitFor();
    // Another operator (or the CLI) removes it; this page still shows its card until its next refresh.
    await dashboard.route("**/admin/overview", (route) => route.abort());
    expect((await fetch(`${stack.url}/admin/accounts/temp@team`, { method: "DELETE" })).status).toBe(200);
    await card.locator('button[data-action="disable"]').click();
    const toast = dashboard.locator(".toast-error");
    await toast.waitFor();
    expect(await toast.textContent()).toContain("No account '");
    expect(await toast.textContent()).not.toContain("update agate");
  });

  it("keeps the feed's model readable on a phone-wide screen (the table scrolls instead)", async () => {
    stack = await startDemoStack();
    expect((await ask(stack.url, "narrow")).status).toBe(200);
    const dashboard = await open(`${stack.url}/ui/`);
    await dashboard.setViewportSize({ width: 390, height: 800 });
    const model = dashboard.locator("#feed-rows td.model").first();
    await model.waitFor();
    expect(await model.textContent()).toBe("gpt-4o → gemini-3.5-flash");
    // Not squeezed to a few letters a line: "gemini-3.5-flash" fits on one line.
    expect((await model.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(130);
    await dashboard.screenshot({ path: new URL("dashboard-narrow.png", ARTIFACTS).pathname, fullPage: true });
  });

  it("labels the chart hours in the browser's time zone, half-hour offsets included", async () => {
    stack = await startDemoStack();
    expect((await ask(stack.url, "time zones")).status).toBe(200);
    // UTC+5:30: an hour of the statistics (UTC) starts at hh:30 there.
    const dashboard = await open(`${stack.url}/ui/`, undefined, "Asia/Kolkata");
    await dashboard.locator("#charts figure").first().waitFor();
    const labels = await dashboard.locator("#charts figure").first().locator("text.axis").allTextContents();
    expect(labels.length).toBeGreaterThan(0);
    for (const label of labels) expect(label).toMatch(/^\d\d:30$/);
  });

  it("shows a clear empty state on a fresh install", async () => {
    const gateway = await freshGateway();
    try {
      const address = gateway.app.server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      const dashboard = await open(`http://127.0.0.1:${port}/ui/`);
      await dashboard.locator("#no-accounts").waitFor();
      expect(await dashboard.locator("#no-accounts").textContent()).toContain("agate accounts add gemini");
      await dashboard.locator("#feed-empty").waitFor();
      await dashboard.locator("#no-traffic").waitFor();
      await dashboard.screenshot({
        path: new URL("dashboard-empty.png", ARTIFACTS).pathname,
        fullPage: true,
      });
    } finally {
      await page?.close();
      page = undefined;
      await gateway.close();
    }
  });
});

/** Like `agate demo`: the simulator and one account labelled demo@simulator, on real sockets. */
async function startDemoStack(overrides: Record<string, unknown> = {}): Promise<Stack> {
  const simulator = await startSimulator({ port: 0, quiet: true });
  const gateway = await createGateway(
    testConfig({
      accounts: [
        { kind: "gemini", label: "demo@simulator", api_key: "sim-demo-key", base_url: simulator.url },
      ],
      ...overrides,
    }),
    { logger: false, inMemoryStore: true, ids: sequentialIds() },
  );
  await gateway.app.listen({ port: 0, host: "127.0.0.1" });
  const address = gateway.app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    simulator,
    gateway,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await gateway.close();
      await simulator.close();
    },
  };
}

async function freshGateway(): Promise<Gateway> {
  const gateway = await createGateway(testConfig(), {
    logger: false,
    inMemoryStore: true,
    ids: sequentialIds(),
  });
  await gateway.app.listen({ port: 0, host: "127.0.0.1" });
  return gateway;
}

async function ask(url: string, content: string): Promise<Response> {
  return fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content }] }),
  });
}
