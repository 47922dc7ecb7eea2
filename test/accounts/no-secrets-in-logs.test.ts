import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { call, chat } from "../admin/support.js";
import { tempDir } from "../helpers/temp-dir.js";
import { agate, type CliResult, MAIN } from "./support.js";

/** Secrets that go through every path of a full run; none may show up in any output or log, nor in the store. */
const CANARY = {
  geminiKey: "sim-canary-gemini-key-7f3a9c1e",
  refreshToken: "sim-refresh-canary-token-2b8d4e6f",
  adminAddedKey: "sim-canary-admin-added-5c1f8a2d",
  badKey: "invalid-canary-bad-key-9e4b7a1c",
  adminKey: "canary-admin-key-3d6f9b2e8a1c",
  clientKey: "canary-client-key-8a2c5e7f1b3d",
  storeKey: "canary-store-passphrase-4e7a1d9c",
  clientSecret: "canary-oauth-client-secret-6b9e",
};

let simulator: Simulator;
let dir: string;
beforeAll(async () => {
  simulator = await startSimulator({ quiet: true });
  dir = tempDir("agate-canary-");
});
afterAll(() => simulator.close());

function environment(): Record<string, string> {
  return {
    AGATE_LOG_LEVEL: "trace",
    AGATE_PORT: "0",
    AGATE_SECRET_KEY: CANARY.storeKey,
    AGATE_ADMIN_KEY: CANARY.adminKey,
    AGATE_API_KEYS: CANARY.clientKey,
    AGATE_AUTH_MODE: "all_except_health",
    AGATE_ACCOUNTS_RELOAD_MS: "50",
    AGATE_OAUTH_CLIENT_ID: "canary-client.apps.example",
    AGATE_OAUTH_CLIENT_SECRET: CANARY.clientSecret,
    AGATE_OAUTH_AUTH_URL: `${simulator.url}/o/oauth2/v2/auth`,
    AGATE_OAUTH_TOKEN_URL: `${simulator.url}/token`,
    AGATE_OAUTH_USERINFO_URL: `${simulator.url}/oauth2/v2/userinfo`,
    AGATE_CLOUDCODE_BASE_URLS: simulator.url,
  };
}

/** `agate serve` as a child process; resolves with its URL once it listens, and everything it wrote. */
async function serve(dir: string): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [MAIN, "serve"], {
    env: { PATH: process.env.PATH ?? "", HOME: dir, AGATE_HOME: dir, ...environment() },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const port = /agate listening on [\d.]+:(\d+)/.exec(output)?.[1];
      if (port !== undefined) resolve(`http://127.0.0.1:${port}`);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", (code) => reject(new Error(`agate serve exited (${code}): ${output}`)));
  });
  return { url, child, output: () => output };
}

async function eventually(probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("timed out");
}

describe("secrets stay out of logs, outputs and the store file", () => {
  it("a full run (CLI adds, login, admin API, requests, failures, refresh, export) leaks no canary", async () => {
    const outputs: CliResult[] = [];
    const cli = async (args: string[], input?: string) => {
      const result = await agate(dir, args, {
        env: environment(),
        ...(input === undefined ? {} : { input }),
      });
      outputs.push(result);
      expect(result.code, `${args.join(" ")}: ${result.stderr}`).toBe(0);
      return result;
    };
    await cli(
      ["accounts", "add", "gemini", "--label", "canary-gemini", "--base-url", simulator.url],
      CANARY.geminiKey,
    );
    await cli(["accounts", "add", "cloudcode", "--label", "canary-cc"], CANARY.refreshToken);

    const server = await serve(dir);
    const client = { authorization: `Bearer ${CANARY.clientKey}` };
    const admin = { authorization: `Bearer ${CANARY.adminKey}` };
    try {
      expect((await chat(server.url, "gemini-2.5-flash", client)).status).toBe(200);
      expect(
        (await chat(server.url, "gemini-2.5-flash", { authorization: "Bearer wrong-key-123456" })).status,
      ).toBe(401);
      expect(
        (await call(server.url, "GET", "/admin/accounts", { headers: { "x-admin-key": "wrong" } })).status,
      ).toBe(401);
      const added = await call(server.url, "POST", "/admin/accounts", {
        headers: admin,
        body: {
          kind: "gemini",
          label: "canary-admin",
          api_key: CANARY.adminAddedKey,
          base_url: simulator.url,
        },
      });
      expect(added.status).toBe(201);
      const bad = await call(server.url, "POST", "/admin/accounts", {
        headers: admin,
        body: { kind: "gemini", label: "canary-bad", api_key: CANARY.badKey, base_url: simulator.url },
      });
      expect(bad.status).toBe(201);
      for (const label of ["canary-gemini", "canary-cc", "canary-admin"])
        await call(server.url, "POST", `/admin/accounts/${label}/disable`, { headers: admin });
      const refused = await chat(server.url, "gemini-2.5-flash", client);
      expect(refused.status).toBeGreaterThanOrEqual(400);
      for (const label of ["canary-gemini", "canary-cc", "canary-admin"])
        await call(server.url, "POST", `/admin/accounts/${label}/enable`, { headers: admin });
      await call(server.url, "DELETE", "/admin/accounts/canary-bad", { headers: admin });
      for (let index = 0; index < 4; index++) await chat(server.url, "gemini-2.5-flash", client);
      await call(server.url, "GET", "/admin/config", { headers: admin });

      const login = spawn(process.execPath, [MAIN, "accounts", "login", "--no-browser"], {
        env: { PATH: process.env.PATH ?? "", HOME: dir, AGATE_HOME: dir, ...environment() },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let loginOutput = "";
      login.stderr.on("data", (chunk: Buffer) => {
        loginOutput += chunk.toString("utf8");
      });
      login.stdout.on("data", (chunk: Buffer) => {
        const before = loginOutput;
        loginOutput += chunk.toString("utf8");
        const url = /^ {2}(http\S+)$/m.exec(loginOutput)?.[1];
        if (url !== undefined && !/^ {2}http/m.test(before)) {
          const consent = new URL(url);
          const redirect = new URL(consent.searchParams.get("redirect_uri") ?? "");
          redirect.searchParams.set("code", "sim-code-canarylogin");
          redirect.searchParams.set("state", consent.searchParams.get("state") ?? "");
          void fetch(redirect);
        }
      });
      expect(await new Promise((resolve) => login.on("close", resolve))).toBe(0);
      outputs.push({ code: 0, stdout: loginOutput, stderr: "" });
      await eventually(async () => {
        const list = await call(server.url, "GET", "/admin/accounts", { headers: admin });
        return (list.json.data as unknown[]).length === 4;
      });
      await cli(["accounts", "refresh"]);
      await cli(["accounts", "list"]);
      await cli(["accounts", "list", "--json"]);
      await cli(["accounts", "export"]);
      await cli(["config", "print"]);
    } finally {
      server.child.kill("SIGTERM");
      await new Promise((resolve) => server.child.on("close", resolve));
    }

    const everything = [server.output(), ...outputs.map((result) => result.stdout + result.stderr)].join(
      "\n",
    );
    expect(everything).toContain("account added");
    expect(everything).toMatch(/"fingerprint":"sha256:[0-9a-f]{8}"/);
    const secrets = [...Object.values(CANARY), "sim-refresh-canarylogin", "sim-access-"];
    for (const secret of secrets) expect(everything, secret).not.toContain(secret);

    const storeFiles = readdirSync(dir).filter((name) => name.startsWith("agate.db"));
    const store = Buffer.concat(storeFiles.map((name) => readFileSync(join(dir, name))));
    for (const secret of [
      CANARY.geminiKey,
      CANARY.refreshToken,
      CANARY.adminAddedKey,
      "sim-refresh-canarylogin",
    ])
      expect(store.includes(Buffer.from(secret)), secret).toBe(false);
  });
});
