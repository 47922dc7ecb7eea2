import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/temp-dir.js";
import { agate, googleKey, listJson } from "./support.js";

const home = (): string => tempDir("agate-accounts-");

/** The Antigravity tools' data directory: accounts/<id>.json per account, plus the accounts.json index. */
function antigravityDir(root: string): string {
  const dir = join(root, ".antigravity_tools");
  mkdirSync(join(dir, "accounts"), { recursive: true });
  const account = (id: string, email: string, refresh: string, extra: Record<string, unknown> = {}) =>
    writeFileSync(
      join(dir, "accounts", `${id}.json`),
      JSON.stringify({
        id,
        email,
        name: email.split("@")[0],
        token: {
          access_token: `ya29.access-${id}`,
          refresh_token: refresh,
          expires_in: 3599,
          expiry_timestamp: Math.floor(Date.now() / 1000) + 3000,
          token_type: "Bearer",
          project_id: `project-${id}`,
        },
        created_at: 1_735_689_600,
        last_used: 1_735_689_600,
        ...extra,
      }),
    );
  account("a1", "ann@example.com", "1//0refresh-ann-aaaaaaaaaaaaaaaaaaaaaaaa");
  account("b2", "bob@example.com", "1//0refresh-bob-bbbbbbbbbbbbbbbbbbbbbbbb", {
    disabled: true,
    disabled_reason: "invalid_grant",
  });
  writeFileSync(join(dir, "accounts", "broken.json"), "{ not json");
  writeFileSync(join(dir, "accounts", "notes.json"), JSON.stringify({ hello: "world" }));
  writeFileSync(join(dir, "accounts.json"), JSON.stringify({ version: "2.0", accounts: [] }));
  return dir;
}

const importJson = async (dir: string, path: string) => {
  const result = await agate(dir, ["accounts", "import", path, "--json"]);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as {
    format: string;
    added: { id: string; label: string }[];
    updated: { id: string; label: string }[];
    skipped: { origin: string; reason: string }[];
  };
};

describe("agate accounts import", () => {
  it("imports an Antigravity directory idempotently: added, then all skipped, then a renewed token updated", async () => {
    const dir = home();
    const source = antigravityDir(dir);
    const text = await agate(dir, ["accounts", "import", source]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain("Antigravity tools");
    expect(text.stdout).toContain("2 added, 0 updated, 2 skipped");
    expect(text.stdout).toMatch(/skipped\s+broken\.json: not valid JSON/);
    expect(text.stdout).toMatch(/skipped\s+notes\.json: not an Antigravity account file/);

    const views = await listJson(dir);
    expect(views.map((view) => [view.kind, view.label, view.email, view.project_id, view.state])).toEqual([
      ["cloudcode", "ann@example.com", "ann@example.com", "project-a1", "active"],
      ["cloudcode", "bob@example.com", "bob@example.com", "project-b2", "disabled"],
    ]);
    expect(views[1]?.disabled_reason).toBe("turned off in the Antigravity tools: invalid_grant");

    const again = await importJson(dir, join(source, "accounts.json"));
    expect(again).toMatchObject({ format: "antigravity", added: [], updated: [] });
    expect(again.skipped.filter((item) => item.reason === "already there, unchanged")).toHaveLength(2);

    const renewed = JSON.parse(readFileSync(join(source, "accounts", "a1.json"), "utf8")) as {
      token: Record<string, unknown>;
    };
    renewed.token.refresh_token = "1//0refresh-ann-renewed-cccccccccccccccccc";
    writeFileSync(join(source, "accounts", "a1.json"), JSON.stringify(renewed));
    const third = await importJson(dir, source);
    expect(third.updated).toEqual([expect.objectContaining({ label: "ann@example.com", id: views[0]?.id })]);
    expect(await listJson(dir)).toHaveLength(2);
  });

  it("imports a Gemini CLI oauth_creds.json (the email from its id_token), from the file or its directory", async () => {
    const dir = home();
    const gemini = join(dir, ".gemini");
    mkdirSync(gemini);
    const claims = Buffer.from(JSON.stringify({ email: "cli@example.com", sub: "1" })).toString("base64url");
    writeFileSync(
      join(gemini, "oauth_creds.json"),
      JSON.stringify({
        access_token: "ya29.cli-access",
        refresh_token: "1//0cli-refresh-dddddddddddddddddddddddd",
        scope: "https://www.googleapis.com/auth/cloud-platform",
        token_type: "Bearer",
        id_token: `eyJhbGciOiJSUzI1NiJ9.${claims}.signature`,
        expiry_date: Date.now() + 3_000_000,
      }),
    );
    const first = await importJson(dir, join(gemini, "oauth_creds.json"));
    expect(first.format).toBe("gemini-cli");
    expect(first.added).toEqual([expect.objectContaining({ label: "cli@example.com" })]);
    const second = await importJson(dir, gemini);
    expect(second).toMatchObject({
      added: [],
      updated: [],
      skipped: [{ reason: "already there, unchanged" }],
    });
    expect(await listJson(dir)).toEqual([
      expect.objectContaining({ kind: "cloudcode", email: "cli@example.com" }),
    ]);
  });

  it("leaves an account its owner turned off alone when a Gemini CLI file (no on/off flag) comes again", async () => {
    const dir = home();
    const creds = join(dir, "oauth_creds.json");
    const claims = Buffer.from(JSON.stringify({ email: "off@example.com", sub: "2" })).toString("base64url");
    const write = (refresh: string) =>
      writeFileSync(creds, JSON.stringify({ refresh_token: refresh, id_token: `eyJ9.${claims}.signature` }));
    write("1//0cli-refresh-ffffffffffffffffffffffff");
    const [added] = (await importJson(dir, creds)).added;
    const off = await agate(dir, ["accounts", "disable", added?.id ?? "", "--reason", "x"]);
    expect(off.code, off.stderr).toBe(0);
    const offView = { enabled: false, state: "disabled", disabled_reason: "turned off by its owner: x" };

    const again = await agate(dir, ["accounts", "import", creds]);
    expect(again.stdout).toContain("0 added, 0 updated, 1 skipped");
    expect(again.stdout).toContain("already there, unchanged");
    expect(await listJson(dir)).toEqual([expect.objectContaining(offView)]);

    write("1//0cli-refresh-renewed-gggggggggggggggggg");
    expect((await importJson(dir, creds)).updated).toEqual([expect.objectContaining({ id: added?.id })]);
    expect(await listJson(dir)).toEqual([expect.objectContaining(offView)]);
  });

  it("says what it cannot read: a missing path, a file of another kind", async () => {
    const dir = home();
    const other = join(dir, "other.json");
    writeFileSync(other, JSON.stringify({ something: "else" }));
    const [missing, unknown] = await Promise.all([
      agate(dir, ["accounts", "import", join(dir, "nope")]),
      agate(dir, ["accounts", "import", other]),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no such file or directory");
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("neither an agate export");
  });
});

describe("agate accounts export", () => {
  it("round-trips with --with-secrets (same ids, nothing new on a second import); without, no secret leaves", async () => {
    const source = home();
    const key = googleKey("export");
    const token = "1//0export-refresh-eeeeeeeeeeeeeeeeeeeeeeee";
    await agate(source, ["accounts", "add", "gemini", "--key", key, "--label", "g"]);
    await agate(source, ["accounts", "add", "cloudcode", "--refresh-token", token, "--project", "p-1"]);
    await agate(source, ["accounts", "disable", "g", "--reason", "over budget"]);

    const bare = await agate(source, ["accounts", "export"]);
    expect(bare.code, bare.stderr).toBe(0);
    expect(bare.stdout).not.toContain(key);
    expect(bare.stdout).not.toContain(token);
    expect(JSON.parse(bare.stdout)).toMatchObject({
      format: "agate.accounts",
      version: 1,
      with_secrets: false,
    });

    const file = join(source, "backup.json");
    const full = await agate(source, ["accounts", "export", "--with-secrets", "-o", file]);
    expect(full.code, full.stderr).toBe(0);
    expect(full.stderr).toContain("secrets included");
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const target = home();
    const report = await importJson(target, file);
    expect(report).toMatchObject({ format: "agate", updated: [], skipped: [] });
    expect(report.added).toHaveLength(2);
    const before = await listJson(source);
    const after = await listJson(target);
    const shape = (views: Record<string, unknown>[]) =>
      views.map(({ id, kind, label, enabled, state, disabled_reason, project_id, fingerprint }) => ({
        id,
        kind,
        label,
        enabled,
        state,
        disabled_reason,
        project_id,
        fingerprint,
      }));
    expect(shape(after)).toEqual(shape(before));
    expect(before[0]).toMatchObject({
      state: "disabled",
      disabled_reason: "turned off by its owner: over budget",
    });
    expect((await importJson(target, file)).added).toEqual([]);

    const bareFile = join(target, "bare.json");
    writeFileSync(bareFile, bare.stdout);
    const fresh = home();
    const secretless = await importJson(fresh, bareFile);
    expect(secretless.added).toEqual([]);
    expect(secretless.skipped.map((item) => item.reason)).toEqual([
      expect.stringContaining("no secret (export it with --with-secrets)"),
      expect.stringContaining("no secret (export it with --with-secrets)"),
    ]);
  });
});
