import { createServer, type Server } from "node:http";
import { Agent } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Account } from "../../pool/account.js";
import { openMemoryDatabase } from "../../store/database.js";
import { SqliteOAuthStateRepository } from "../../store/oauth-state-repository.js";
import { AccessTokens } from "./access-tokens.js";

const account: Account = {
  id: "cc-1",
  kind: "cloudcode",
  label: "carol@test",
  enabled: true,
  credentials: { apiKey: "", refreshToken: "refresh-carol" },
  source: "config",
};

/** A token endpoint that hands out tok-1, tok-2, … for an hour each. */
let server: Server;
let tokenUrl: string;
let issued = 0;
const agent = new Agent();

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on("end", () => {
      issued++;
      response.setHeader("content-type", "application/json");
      if (body.includes("revoked")) {
        response.statusCode = 400;
        response.end(
          JSON.stringify({ error: "invalid_grant", error_description: "Token has been revoked." }),
        );
        return;
      }
      response.end(JSON.stringify({ access_token: `tok-${issued}`, expires_in: 3600 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  tokenUrl = `http://127.0.0.1:${port}/token`;
});

afterAll(async () => {
  await agent.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  issued = 0;
});

/** Two token holders (two cluster workers) sharing one store and one clock. */
function twoProcesses() {
  const clock = { now: 1_000_000 };
  const db = openMemoryDatabase();
  const state = new SqliteOAuthStateRepository(db, () => clock.now);
  const holder = () =>
    new AccessTokens({
      client: { tokenUrl, clientId: "agate-test" },
      dispatcherFor: () => agent,
      now: () => clock.now,
      state,
    });
  return { clock, db, first: holder(), second: holder() };
}

const signal = new AbortController().signal;

describe("AccessTokens after a 401, with another process sharing the store", () => {
  it("does not take a stored token asked for before the refused one was handed out: refreshes", async () => {
    const { clock, first, second } = twoProcesses();
    expect(await first.get(account, signal)).toBe("tok-1");
    clock.now += 1_000;
    // The other process refreshed on its own (as each worker does at start); the store keeps its token.
    expect((await second.refresh(account, signal)).token.accessToken).toBe("tok-2");
    clock.now += 1_000;
    // Both tokens die; the first process hands its own out and the upstream refuses it.
    expect(await first.get(account, signal)).toBe("tok-1");
    clock.now += 100;
    const renewed = await first.refresh(account, signal);
    expect(renewed).toMatchObject({ from: "token-endpoint", token: { accessToken: "tok-3" } });
    expect(issued).toBe(3);
    expect(await first.get(account, signal)).toBe("tok-3");
  });

  it("takes a stored token asked for after the refused one was handed out, without refreshing", async () => {
    const { clock, first, second } = twoProcesses();
    expect(await first.get(account, signal)).toBe("tok-1");
    clock.now += 1_000;
    // The other process saw its 401 first and refreshed after this one's request had started.
    await second.refresh(account, signal);
    clock.now += 100;
    const renewed = await first.refresh(account, signal);
    expect(renewed).toMatchObject({ from: "store", token: { accessToken: "tok-2" } });
    expect(issued).toBe(2);
    expect(await first.get(account, signal)).toBe("tok-2");
  });

  it("does not take a stored token of unknown age (stored before agate kept when)", async () => {
    const { clock, db, first, second } = twoProcesses();
    expect(await first.get(account, signal)).toBe("tok-1");
    clock.now += 1_000;
    await second.refresh(account, signal);
    db.exec("UPDATE oauth_state SET token_obtained_at = NULL");
    const renewed = await first.refresh(account, signal);
    expect(renewed).toMatchObject({ from: "token-endpoint", token: { accessToken: "tok-3" } });
  });

  it("ahead of expiry, takes any valid token another process stored", async () => {
    const { clock, first, second } = twoProcesses();
    const start = clock.now;
    expect(await first.get(account, signal)).toBe("tok-1");
    clock.now += 600_000;
    await second.refresh(account, signal);
    // A minute before tok-1 expires; tok-2 has eleven left.
    clock.now = start + 3_600_000 - 60_000;
    expect(await first.get(account, signal)).toBe("tok-2");
    expect(issued).toBe(2);
  });
});

describe("a refresh token Google refused", () => {
  it("is not asked again: the same invalid_grant at once, until the account has another refresh token", async () => {
    const { first } = twoProcesses();
    const revoked: Account = { ...account, credentials: { apiKey: "", refreshToken: "revoked-carol" } };
    await expect(first.get(revoked, signal)).rejects.toMatchObject({ oauth: { error: "invalid_grant" } });
    await expect(first.get(revoked, signal)).rejects.toMatchObject({ oauth: { error: "invalid_grant" } });
    expect(issued).toBe(1);
    expect(await first.get(account, signal)).toBe("tok-2");
  });
});
