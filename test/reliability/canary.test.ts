import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { faults, type Simulator, startSimulator } from "../../src/simulator/index.js";
import { tempDir } from "../helpers/temp-dir.js";
import { type AgateChild, chatBody, type HttpAnswer, send, startAgateChild } from "./support.js";

/**
 * Issue 6 §7, last item: canary secrets — the client key, the admin key, the Gemini key, the OAuth refresh
 * tokens and client secret, the compaction secret, and the access tokens the simulator issues — appear in
 * no log line (the built `agate serve` at log level trace), no response body or header (errors included),
 * no admin answer and no metrics label, over a run that goes through successes, upstream failures, token
 * refreshes, a revoked token and refused clients.
 */

const CANARY = {
  client: "sk-canary-client-3f9a1c77e2",
  wrongClient: "sk-canary-wrong-client-8b2d4e",
  admin: "canary-admin-key-51c0e9a4d3b7",
  gemini: "canary-gemini-key-AIzaQ7x2",
  refresh: "canary-refresh-token-1//0gA9",
  deadRefresh: "canary-dead-refresh-token-1//0gZ",
  oauthSecret: "canary-oauth-client-secret-GOCSPX",
  compaction: "canary-compaction-secret-0f1e2d3c",
};

let simulator: Simulator;
let home: string;
let agate: AgateChild;
const answers: { what: string; answer: HttpAnswer }[] = [];

beforeAll(async () => {
  simulator = await startSimulator({ quiet: true });
  simulator.addRefreshToken(CANARY.refresh, { email: "good@cc.test" });
  simulator.addRefreshToken(CANARY.deadRefresh, { invalid: true });
  home = tempDir("agate-canary-");
  writeFileSync(
    join(home, "config.json"),
    JSON.stringify({
      auth_mode: "strict",
      api_keys: [CANARY.client],
      admin_key: CANARY.admin,
      compaction_secret: CANARY.compaction,
      oauth_client_id: "canary-test-client",
      oauth_client_secret: CANARY.oauthSecret,
      oauth_token_url: `${simulator.url}/token`,
      cloudcode_base_urls: [simulator.url],
      accounts: [
        { kind: "cloudcode", label: "dead@cc", refresh_token: CANARY.deadRefresh },
        { kind: "gemini", label: "gemini@key", api_key: CANARY.gemini, base_url: simulator.url },
        { kind: "cloudcode", label: "good@cc", refresh_token: CANARY.refresh },
      ],
    }),
  );
  agate = await startAgateChild(home, { AGATE_LOG_LEVEL: "trace" });
});
afterAll(async () => {
  await agate?.stop("SIGKILL");
  await simulator.close();
});

const auth = { authorization: `Bearer ${CANARY.client}` };
const admin = { "x-admin-key": CANARY.admin };

async function call(
  what: string,
  path: string,
  options: Parameters<typeof send>[1] = {},
): Promise<HttpAnswer> {
  const answer = await send(`${agate.url}${path}`, options);
  answers.push({ what, answer });
  return answer;
}

/** Every access token the simulator issued (they reached it in Authorization headers). */
const accessTokens = () => [
  ...new Set(
    simulator.requests
      .map((request) => /^Bearer (sim-access-\S+)$/.exec(request.headers.authorization ?? "")?.[1])
      .filter((token): token is string => token !== undefined),
  ),
];

function leaks(text: string, secrets: readonly string[]): string[] {
  return secrets.filter((secret) => text.includes(secret));
}

describe("canary secrets never leak", () => {
  it("a full run: successes, upstream failures, refreshes, a revoked token, refused clients, admin reads", {
    timeout: 60_000,
  }, async () => {
    // Successes on every account (the revoked one is turned off on its first use), JSON and streams.
    for (let round = 0; round < 4; round++) {
      expect(
        (await call("chat", "/v1/chat/completions", { headers: auth, body: chatBody(`hello ${round}`) }))
          .status,
      ).toBe(200);
    }
    await call("chat stream", "/v1/chat/completions", {
      headers: auth,
      body: chatBody("stream me", { stream: true }),
    });
    await call("responses", "/v1/responses", {
      headers: auth,
      body: { model: "gemini-2.5-flash", input: "hi" },
    });
    await call("responses stream", "/v1/responses", {
      headers: auth,
      body: { model: "gemini-2.5-flash", input: "hi", stream: true },
    });
    await call("compact", "/v1/responses/compact", {
      headers: { "x-api-key": CANARY.client },
      body: { model: "gemini-2.5-flash", input: [{ role: "user", content: "summarise" }] },
    });
    await call("completions", "/v1/completions", {
      headers: { "x-goog-api-key": CANARY.client },
      body: { model: "gemini-2.5-flash", prompt: "once" },
    });
    // Access tokens expire: the next Cloud Code call gets a 401 and refreshes.
    simulator.expireAccessTokens();
    for (let round = 0; round < 3; round++) {
      await call("after expiry", "/v1/chat/completions", { headers: auth, body: chatBody(`again ${round}`) });
    }
    // Upstream failures of every kind (each on its own model, so the cool-downs do not stop the run), before
    // and after the first byte; the account-wide one (500) last.
    simulator.script({ match: { model: "gemini-2.5-pro" }, respond: faults.rateLimitPerMinute("1s") });
    await call("upstream 429", "/v1/chat/completions", {
      headers: auth,
      body: chatBody("429", { model: "gemini-2.5-pro" }),
    });
    simulator.script({ match: { model: "gemini-2.5-flash-lite" }, respond: faults.permissionDenied() });
    await call("upstream 403", "/v1/chat/completions", {
      headers: auth,
      body: chatBody("403", { model: "gemini-2.5-flash-lite" }),
    });
    simulator.script({ respond: faults.badRequest("Invalid value at 'contents[0]'") });
    await call("upstream 400", "/v1/chat/completions", { headers: auth, body: chatBody("bad") });
    simulator.script({ respond: { fault: "cut", afterChunks: 1 } });
    await call("cut stream", "/v1/chat/completions", {
      headers: auth,
      body: chatBody("cut", { stream: true }),
    });
    simulator.script({ times: 2, respond: faults.serverError(500) });
    await call("upstream 500", "/v1/chat/completions", { headers: auth, body: chatBody("500") });
    // Refused clients: no key, a wrong key, the key in the URL, the admin key as a client key and vice versa.
    await call("no key", "/v1/models");
    await call("wrong key", "/v1/models", { headers: { authorization: `Bearer ${CANARY.wrongClient}` } });
    await call("key in the URL", `/v1/models?key=${CANARY.client}`);
    await call("key in the URL too", `/v1/models?key=${CANARY.client}&api_key=${CANARY.client}`, {
      headers: auth,
    });
    await call("admin key as client key", "/v1/models", {
      headers: { authorization: `Bearer ${CANARY.admin}` },
    });
    await call("client key on admin", "/admin/accounts", { headers: auth });
    await call("bad JSON", "/v1/chat/completions", {
      headers: auth,
      body: `{"model": "${CANARY.client.slice(0, 4)}`,
    });
    // Everything an operator can read: the admin API, the request log, metrics.
    for (const path of ["/admin/accounts", "/admin/config", "/admin/overview", "/admin/stats", "/metrics"]) {
      await call(`admin ${path}`, path, { headers: admin });
    }
    const list = await call("admin /admin/requests", "/admin/requests?limit=100", { headers: admin });
    const ids = JSON.parse(list.status === 200 ? list.body : "{}") as { data?: { id?: string }[] };
    for (const entry of (ids.data ?? []).slice(0, 40)) {
      if (entry.id !== undefined)
        await call("request detail", `/admin/requests/${entry.id}`, { headers: admin });
    }
    await agate.stop("SIGTERM");

    const secrets = [...Object.values(CANARY), ...accessTokens()];
    expect(accessTokens().length, "the run used Cloud Code access tokens").toBeGreaterThanOrEqual(2);
    expect(simulator.requests.some((request) => request.path === "/token")).toBe(true);
    const found: string[] = [];
    for (const { what, answer } of answers) {
      for (const secret of leaks(answer.body, secrets)) found.push(`${what}: body has ${secret}`);
      for (const [name, value] of Object.entries(answer.headers)) {
        for (const secret of leaks(value, secrets)) found.push(`${what}: header ${name} has ${secret}`);
      }
    }
    const lines = agate.output().split("\n");
    for (const line of lines) {
      for (const secret of leaks(line, secrets)) found.push(`log line has ${secret}: ${line.slice(0, 200)}`);
    }
    expect(found).toEqual([]);
    // The run did log, and did reach the places that could leak.
    expect(lines.length).toBeGreaterThan(20);
    expect(answers.some(({ answer }) => answer.status === 401)).toBe(true);
    expect(
      answers.some(({ what, answer }) => what === "admin /admin/requests" && answer.status === 200),
    ).toBe(true);
    const details = answers.filter(({ what, answer }) => what === "request detail" && answer.status === 200);
    expect(details.length).toBeGreaterThan(10);
  });
});
