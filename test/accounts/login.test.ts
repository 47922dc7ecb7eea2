import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInWithGoogle } from "../../src/accounts/sign-in/google-sign-in.js";
import { challengeOf } from "../../src/accounts/sign-in/pkce.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { tempDir } from "../helpers/temp-dir.js";
import { agate, listJson, MAIN } from "./support.js";

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({ quiet: true });
});
afterAll(() => simulator.close());

/** The OAuth settings that point agate's sign-in at the simulator. */
const oauthEnv = () => ({
  AGATE_OAUTH_CLIENT_ID: "agate-test-client.apps.example",
  AGATE_OAUTH_CLIENT_SECRET: "agate-test-client-secret",
  AGATE_OAUTH_AUTH_URL: `${simulator.url}/o/oauth2/v2/auth`,
  AGATE_OAUTH_TOKEN_URL: `${simulator.url}/token`,
  AGATE_OAUTH_USERINFO_URL: `${simulator.url}/oauth2/v2/userinfo`,
  AGATE_CLOUDCODE_BASE_URLS: simulator.url,
});

/** What the browser does after consent: follow the redirect with `sim-code-<name>` and the same state. */
async function consent(authorizationUrl: string, name: string, override: Record<string, string> = {}) {
  const url = new URL(authorizationUrl);
  const redirect = new URL(url.searchParams.get("redirect_uri") ?? "");
  redirect.searchParams.set("code", `sim-code-${name}`);
  redirect.searchParams.set("state", url.searchParams.get("state") ?? "");
  for (const [key, value] of Object.entries(override)) redirect.searchParams.set(key, value);
  return fetch(redirect);
}

/** `agate accounts login` in `dir`, the browser played by `consent` as the simulator's user `name`. */
async function loginAs(dir: string, name: string) {
  const child = spawn(process.execPath, [MAIN, "accounts", "login", "--no-browser", "--timeout", "20"], {
    env: { PATH: process.env.PATH ?? "", HOME: dir, AGATE_HOME: dir, ...oauthEnv() },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const consented = new Promise<void>((resolve) => {
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      const before = stdout;
      stdout += chunk;
      const url = /^ {2}(http\S+)$/m.exec(stdout)?.[1];
      if (url !== undefined && /^ {2}http/m.exec(before) === null)
        void consent(url, name).then(() => resolve());
    });
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  await consented;
  return { code, stdout, stderr };
}

describe("Google sign-in (PKCE, loopback redirect) against the simulator", () => {
  it("builds the consent URL, receives the code on a free loopback port, exchanges it and reads the email", async () => {
    let shown = "";
    const signedIn = await signInWithGoogle({
      authUrl: `${simulator.url}/o/oauth2/v2/auth`,
      tokenUrl: `${simulator.url}/token`,
      userinfoUrl: `${simulator.url}/oauth2/v2/userinfo`,
      clientId: "client-1",
      clientSecret: "secret-1",
      timeoutMs: 10_000,
      now: () => 1_000,
      show: (url) => {
        shown = url;
        void consent(url, "carol").then(async (page) => {
          expect(page.status).toBe(200);
          expect(await page.text()).toContain("Signed in");
        });
      },
    });
    expect(signedIn).toMatchObject({
      email: "carol@simulator.agate.test",
      refreshToken: "sim-refresh-carol",
      expiresAt: 1_000 + 3_599_000,
    });
    const url = new URL(shown);
    expect(url.origin + url.pathname).toBe(`${simulator.url}/o/oauth2/v2/auth`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: "client-1",
      response_type: "code",
      access_type: "offline",
      prompt: "consent",
      code_challenge_method: "S256",
      scope: expect.stringContaining("https://www.googleapis.com/auth/cloud-platform"),
      redirect_uri: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/oauth2callback$/),
    });
    const exchange = simulator.requests.findLast(
      (request) =>
        request.path === "/token" &&
        (request.body as Record<string, string>).grant_type === "authorization_code",
    );
    const form = exchange?.body as Record<string, string>;
    expect(form).toMatchObject({
      code: "sim-code-carol",
      client_id: "client-1",
      client_secret: "secret-1",
      redirect_uri: url.searchParams.get("redirect_uri"),
    });
    expect(challengeOf(form.code_verifier ?? "")).toBe(url.searchParams.get("code_challenge"));
  });

  it("ends with a clear error when consent is refused or the state is not ours", async () => {
    const attempt = (override: Record<string, string>) =>
      signInWithGoogle({
        authUrl: `${simulator.url}/auth`,
        tokenUrl: `${simulator.url}/token`,
        userinfoUrl: `${simulator.url}/oauth2/v2/userinfo`,
        clientId: "client-1",
        timeoutMs: 10_000,
        now: Date.now,
        show: (url) => void consent(url, "dave", override),
      });
    await expect(attempt({ error: "access_denied" })).rejects.toThrow(/refused the sign-in: access_denied/);
    await expect(attempt({ state: "forged" })).rejects.toThrow(/state does not match/);
    await expect(
      signInWithGoogle({
        authUrl: `${simulator.url}/auth`,
        tokenUrl: `${simulator.url}/token`,
        userinfoUrl: `${simulator.url}/oauth2/v2/userinfo`,
        clientId: "client-1",
        timeoutMs: 200,
        now: Date.now,
        show: () => {},
      }),
    ).rejects.toThrow(/No sign-in came back within/);
  });
});

describe("agate accounts login (the built CLI, a browser played by the test)", () => {
  it("prints the URL, stores the account with its email and discovered project; signing in again keeps one account", async () => {
    const dir = tempDir("agate-accounts-");
    const login = () => loginAs(dir, "erin");
    const first = await login();
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("Sign in with Google: open this URL in a browser");
    expect(first.stdout).toMatch(
      /Signed in as erin@simulator\.agate\.test: added cloudcode account cloudcode-\w+/,
    );
    expect(first.stdout).toMatch(/Cloud Code project sim-project-\w+, \d+ models available/);
    const [view] = await listJson(dir);
    expect(view).toMatchObject({
      kind: "cloudcode",
      label: "erin@simulator.agate.test",
      email: "erin@simulator.agate.test",
      project_id: expect.stringMatching(/^sim-project-/),
      state: "active",
    });
    expect(first.stdout + first.stderr + JSON.stringify(view)).not.toContain("sim-refresh-erin");

    const second = await login();
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain(`already had cloudcode account ${String(view?.id)}`);
    expect(await listJson(dir)).toHaveLength(1);
  });

  it("an account added by its refresh token learns its email on refresh, so signing in again renews it in place", async () => {
    const dir = tempDir("agate-accounts-");
    const oldToken = "1//0old-token-of-zed-aaaaaaaaaaaa";
    simulator.addRefreshToken(oldToken, { email: "zed@simulator.agate.test" });
    const env = oauthEnv();
    expect(
      (await agate(dir, ["accounts", "add", "cloudcode", "--refresh-token", oldToken], { env })).code,
    ).toBe(0);
    const refreshed = await agate(dir, ["accounts", "refresh"], { env });
    expect(refreshed.code, refreshed.stderr).toBe(0);
    const [added] = await listJson(dir, env);
    expect(added).toMatchObject({ email: "zed@simulator.agate.test", label: "zed@simulator.agate.test" });

    simulator.addRefreshToken(oldToken, { invalid: true });
    expect((await agate(dir, ["accounts", "refresh"], { env })).code).toBe(1);
    expect((await listJson(dir, env))[0]).toMatchObject({ state: "disabled" });

    const signedIn = await loginAs(dir, "zed");
    expect(signedIn.code, signedIn.stderr).toBe(0);
    expect(signedIn.stdout).toContain(`renewed cloudcode account ${String(added?.id)}`);
    const accounts = await listJson(dir, env);
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({ id: added?.id, state: "active" });
  });

  it("without an OAuth client id it stops with exit code 2 naming oauth_client_id", async () => {
    const dir = tempDir("agate-accounts-");
    const result = await agate(dir, ["accounts", "login", "--no-browser"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("oauth_client_id");
  });
});
