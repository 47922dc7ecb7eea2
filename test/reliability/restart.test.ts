import { writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { faults, type Simulator, startSimulator } from "../../src/simulator/index.js";
import { tempDir } from "../helpers/temp-dir.js";
import { generations } from "../pool/support.js";
import {
  type AgateChild,
  chatBody,
  type HttpAnswer,
  send,
  sleep,
  sseData,
  startAgateChild,
} from "./support.js";

/**
 * Issue 6 §5: `kill -9` of a running agate (the built CLI, `agate serve`, state in a temporary AGATE_HOME)
 * in the middle of a load run, then a restart on the same data: accounts, cool-downs, sticky sessions and
 * stored responses are intact, and the store passes `PRAGMA integrity_check`.
 */

const USERS = Array.from({ length: 9 }, (_, index) => `user-${index + 1}`);
const COOLED_MODEL = "gemini-2.5-pro";
const ALL_COOLING_MODEL = "gemini-2.5-flash-lite";
const RESET_MS = 2 * 3_600_000;

let simulator: Simulator;
let home: string;
let agate: AgateChild | undefined;
beforeAll(async () => {
  simulator = await startSimulator({ quiet: true });
  simulator.addRefreshToken("revoked-refresh-token", { invalid: true });
  home = tempDir("agate-restart-");
  const config = {
    accounts: [
      { kind: "cloudcode", label: "dead@cc", refresh_token: "revoked-refresh-token" },
      ...[1, 2, 3].map((n) => ({
        kind: "gemini",
        label: `acct-${n}`,
        api_key: `key-${n}`,
        base_url: simulator.url,
      })),
    ],
    oauth_client_id: "restart-client",
    oauth_client_secret: "restart-secret",
    oauth_token_url: `${simulator.url}/token`,
    cloudcode_base_urls: [simulator.url],
  };
  writeFileSync(join(home, "config.json"), JSON.stringify(config));
});
afterAll(async () => {
  await agate?.stop("SIGKILL");
  await simulator.close();
});

const tokenCallsFor = (refreshToken: string) =>
  simulator.requests.filter(
    (request) =>
      request.path === "/token" &&
      (request.body as { refresh_token?: string }).refresh_token === refreshToken,
  ).length;

const keysSeenFor = (model: string, since: number) =>
  generations(simulator)
    .slice(since)
    .filter((request) => request.model === model)
    .map((request) => request.headers["x-goog-api-key"]);

function integrityCheck(): string {
  const db = new Database(join(home, "agate.db"));
  try {
    return String(db.pragma("integrity_check", { simple: true }));
  } finally {
    db.close();
  }
}

/** Mixed traffic: stored Responses (JSON and streamed) and chat streams, until `stop` says so. */
async function loadWorker(url: string, id: number, stop: () => boolean, stored: Map<string, unknown>) {
  for (let round = 0; !stop() && round < 10_000; round++) {
    const kind = (id + round) % 3;
    try {
      if (kind === 0) {
        const answer = await send(`${url}/v1/responses`, {
          body: { model: "gemini-2.5-flash", input: `worker ${id} round ${round}`, user: `load-${id}` },
        });
        if (answer.status === 200) {
          const object = JSON.parse(answer.body) as { id: string };
          stored.set(object.id, object);
        }
      } else if (kind === 1) {
        const answer = await send(`${url}/v1/responses`, {
          body: { model: "gemini-2.5-flash", input: `streamed ${id} ${round}`, stream: true },
        });
        for (const data of sseData(answer.body)) {
          const event = JSON.parse(data) as { type: string; response?: { id: string } };
          if (event.type === "response.completed" && event.response !== undefined)
            stored.set(event.response.id, event.response);
        }
      } else {
        await send(`${url}/v1/chat/completions`, { body: chatBody(`chat ${id} ${round}`, { stream: true }) });
      }
    } catch {
      // The process was killed under this request: expected.
    }
  }
}

describe("restart safety: kill -9 in the middle of a load run", () => {
  const before = new Map<string, string>();
  const stored = new Map<string, unknown>();
  let tokenCallsBeforeKill = 0;

  it("builds state, then dies by SIGKILL under load; the store passes integrity_check", {
    timeout: 60_000,
  }, async () => {
    agate = await startAgateChild(home);
    const url = agate.url;
    // Sticky sessions, one user after another, spread over the accounts. The first request also meets the
    // account whose refresh token is revoked: it is turned off and another answers.
    for (const user of USERS) {
      const answer = await send(`${url}/v1/chat/completions`, {
        body: chatBody(`hello from ${user}`, { user }),
      });
      expect(answer.status, answer.body).toBe(200);
      before.set(user, answer.headers["x-account-email"] ?? "");
    }
    expect(new Set(before.values()).size).toBeGreaterThan(1);
    expect([...before.values()]).not.toContain("dead@cc");
    expect(tokenCallsFor("revoked-refresh-token")).toBe(1);

    // Cool-downs: acct-1 and acct-2 out of quota for one model; every account for another.
    for (const key of ["key-1", "key-2"]) {
      simulator.script({
        match: { apiKey: key },
        respond: faults.quotaExhausted({ model: COOLED_MODEL, resetDelay: "2h" }),
      });
    }
    const cooled = await send(`${url}/v1/chat/completions`, {
      body: chatBody("pro please", { model: COOLED_MODEL }),
    });
    expect(cooled.status).toBe(200);
    expect(cooled.headers["x-account-email"]).toBe("acct-3");
    simulator.script({
      forever: true,
      match: { model: ALL_COOLING_MODEL },
      respond: faults.quotaExhausted({ model: ALL_COOLING_MODEL, resetDelay: "2h" }),
    });
    expect(
      (await send(`${url}/v1/chat/completions`, { body: chatBody("lite", { model: ALL_COOLING_MODEL }) }))
        .status,
    ).toBe(429);
    simulator.reset();
    simulator.addRefreshToken("revoked-refresh-token", { invalid: true });
    // Let the written-behind state reach the store before the load starts.
    await sleep(200);

    let stopped = false;
    const workers = Array.from({ length: 24 }, (_, id) => loadWorker(url, id, () => stopped, stored));
    await sleep(1_200);
    const storedBeforeKill = stored.size;
    expect(await agate.stop("SIGKILL")).toBe("SIGKILL");
    stopped = true;
    await Promise.all(workers);
    tokenCallsBeforeKill = tokenCallsFor("revoked-refresh-token");
    expect(storedBeforeKill, "responses stored before the kill").toBeGreaterThan(10);

    expect(integrityCheck()).toBe("ok");
  });

  describe("after the restart", () => {
    let since = 0;
    beforeAll(async () => {
      // Killed by the test above; when that failed first, it is still running: not left behind.
      await agate?.stop("SIGKILL");
      since = generations(simulator).length;
      agate = await startAgateChild(home);
    }, 30_000);

    it("stored responses are intact: every one the clients received is served back unchanged", async () => {
      expect(stored.size).toBeGreaterThan(0);
      const missing: string[] = [];
      for (const [id, object] of stored) {
        const answer: HttpAnswer = await send(`${agate?.url}/v1/responses/${id}`);
        if (answer.status !== 200) missing.push(`${id}: ${answer.status}`);
        else expect(JSON.parse(answer.body), id).toEqual(object);
      }
      expect(missing).toEqual([]);
    });

    it("sticky sessions are intact: each user is served by the account it had (asked in reverse order)", async () => {
      for (const user of [...USERS].reverse()) {
        const answer = await send(`${agate?.url}/v1/chat/completions`, {
          body: chatBody(`again ${user}`, { user }),
        });
        expect(answer.status).toBe(200);
        expect(answer.headers["x-account-email"], user).toBe(before.get(user));
      }
    });

    it("cool-downs are intact: resting accounts are not asked; all cooling → 429 with Retry-After", async () => {
      for (let round = 0; round < 3; round++) {
        const answer = await send(`${agate?.url}/v1/chat/completions`, {
          body: chatBody(`pro after restart ${round}`, { model: COOLED_MODEL }),
        });
        expect(answer.status).toBe(200);
        expect(answer.headers["x-account-email"]).toBe("acct-3");
      }
      expect(keysSeenFor(COOLED_MODEL, since)).toEqual(["key-3", "key-3", "key-3"]);
      const cooling = await send(`${agate?.url}/v1/chat/completions`, {
        body: chatBody("lite after restart", { model: ALL_COOLING_MODEL }),
      });
      expect(cooling.status).toBe(429);
      expect(JSON.parse(cooling.body).error.code).toBe("all_accounts_cooling");
      const retryAfter = Number(cooling.headers["retry-after"]);
      expect(retryAfter).toBeGreaterThan(RESET_MS / 1000 - 600);
      expect(retryAfter).toBeLessThanOrEqual(RESET_MS / 1000);
      expect(keysSeenFor(ALL_COOLING_MODEL, since)).toEqual([]);
    });

    it("accounts are intact: the turned-off account stays off (no token refresh, never serves)", async () => {
      for (let round = 0; round < 4; round++) {
        const answer = await send(`${agate?.url}/v1/chat/completions`, {
          body: chatBody(`who serves ${round}`),
        });
        expect(answer.status).toBe(200);
        expect(answer.headers["x-account-email"]).not.toBe("dead@cc");
      }
      expect(tokenCallsFor("revoked-refresh-token")).toBe(tokenCallsBeforeKill);
    });

    it("a clean stop leaves a store that passes integrity_check", async () => {
      expect(await agate?.stop("SIGTERM")).toBe(0);
      expect(integrityCheck()).toBe("ok");
    });
  });
});
