import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/temp-dir.js";
import { agate, googleKey, listJson } from "./support.js";

const home = (): string => tempDir("agate-accounts-");

describe("agate accounts add / list / disable / enable / remove", () => {
  it("several processes opening a new store at once take turns creating it", async () => {
    const dir = home();
    const results = await Promise.all(
      Array.from({ length: 4 }, () => agate(dir, ["accounts", "list", "--json"])),
    );
    for (const result of results) expect(result.code, result.stderr).toBe(0);
  });

  it("adds from a flag and from standard input, lists as a table and as JSON without secrets", async () => {
    const dir = home();
    const flagKey = googleKey("flag");
    const pipedKey = googleKey("piped");
    const first = await agate(dir, ["accounts", "add", "gemini", "--key", flagKey, "--label", "work"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(
      /Added gemini account gemini-[0-9a-f]{10} "work" \(key sha256:[0-9a-f]{8}\)/,
    );
    const second = await agate(dir, ["accounts", "add", "gemini", "--label", "piped"], {
      input: `${pipedKey}\n`,
    });
    expect(second.code, second.stderr).toBe(0);
    const third = await agate(
      dir,
      ["accounts", "add", "openai", "--base-url", "http://127.0.0.1:9/v1", "--key", "-"],
      {
        input: "sk-local-server-key",
      },
    );
    expect(third.code, third.stderr).toBe(0);

    const table = await agate(dir, ["accounts", "list"]);
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(/^ID\s+KIND\s+LABEL\s+STATE\s+TODAY\s+QUOTA LEFT$/);
    expect(table.stdout).toMatch(/gemini-\w+\s+gemini\s+work\s+active\s+0\s+-/);
    const views = await listJson(dir);
    expect(views.map((view) => [view.kind, view.label, view.state, view.source])).toEqual([
      ["gemini", "work", "active", "store"],
      ["gemini", "piped", "active", "store"],
      ["openai", expect.stringMatching(/^openai-/), "active", "store"],
    ]);
    const everything = table.stdout + JSON.stringify(views);
    for (const secret of [flagKey, pipedKey, "sk-local-server-key"]) expect(everything).not.toContain(secret);
    expect(statSync(join(dir, "agate.db")).mode & 0o777).toBe(0o600);
  });

  it("refuses a duplicate, a bad key format and an unknown id, with exit code 1 and a clear message", async () => {
    const dir = home();
    const key = googleKey("dup");
    expect((await agate(dir, ["accounts", "add", "gemini", "--key", key])).code).toBe(0);
    const results = await Promise.all([
      agate(dir, ["accounts", "add", "gemini", "--key", key, "--label", "again"]),
      agate(dir, ["accounts", "add", "gemini", "--key", "AIzaTooShort"]),
      agate(dir, ["accounts", "add", "gemini", "--key", "ya29.an-access-token"]),
      agate(dir, ["accounts", "add", "gemini"], { input: "two words" }),
      agate(dir, ["accounts", "add", "gemini"], { input: "" }),
      agate(dir, ["accounts", "add", "cloudcode", "--refresh-token", key]),
      agate(dir, ["accounts", "add", "openai", "--base-url", "not a url"]),
      agate(dir, ["accounts", "disable", "no-such-account"]),
      agate(dir, ["accounts", "remove", "nope"]),
    ]);
    const [duplicate, short, accessToken, blank, empty, swapped, badUrl, unknown, unknownRemove] = results;
    expect(duplicate?.stderr).toMatch(/already there as gemini-\w+/);
    expect(short?.stderr).toContain("'AIza' and 35 more");
    expect(accessToken?.stderr).toContain("OAuth access token");
    expect(blank?.stderr).toContain("spaces");
    expect(empty?.stderr).toContain("no Gemini API key on standard input");
    expect(swapped?.stderr).toContain("That is an API key");
    expect(badUrl?.stderr).toContain("base_url");
    expect(unknown?.stderr).toContain("No account 'no-such-account'");
    expect(unknownRemove?.stderr).toContain("No account 'nope'");
    for (const result of results) expect(result.code).toBe(1);
    expect(await listJson(dir)).toHaveLength(1);
  });

  it("refuses a label another account already has, with exit code 1 naming the label", async () => {
    const dir = home();
    expect(
      (await agate(dir, ["accounts", "add", "gemini", "--key", googleKey("a"), "--label", "work"])).code,
    ).toBe(0);
    const again = await agate(dir, ["accounts", "add", "gemini", "--key", googleKey("b"), "--label", "work"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("The label 'work' already names account gemini-");
    expect(await listJson(dir)).toHaveLength(1);
  });

  it("disable keeps the reason, enable clears it, remove forgets; an account is found by label or id prefix", async () => {
    const dir = home();
    await agate(dir, ["accounts", "add", "gemini", "--key", googleKey("a"), "--label", "alpha"]);
    const disabled = await agate(dir, ["accounts", "disable", "alpha", "--reason", "over budget"]);
    expect(disabled.code, disabled.stderr).toBe(0);
    const [view] = await listJson(dir);
    expect(view).toMatchObject({
      state: "disabled",
      enabled: false,
      disabled_reason: "turned off by its owner: over budget",
    });
    expect((await agate(dir, ["accounts", "list"])).stdout).toContain(
      "disabled: turned off by its owner: over budget",
    );

    const id = String(view?.id);
    expect((await agate(dir, ["accounts", "enable", id.slice(0, 12)])).code).toBe(0);
    expect((await listJson(dir))[0]).toMatchObject({ state: "active", disabled_reason: null });
    const removed = await agate(dir, ["accounts", "remove", id]);
    expect(removed.stdout).toContain(`Removed gemini account ${id}`);
    expect(await listJson(dir)).toEqual([]);
    expect((await agate(dir, ["accounts", "list"])).stdout).toContain("No accounts yet");
  });

  it("accounts declared in the config file are listed, cannot be removed here, can be turned off", async () => {
    const dir = home();
    const config = join(dir, "config.json");
    const key = googleKey("declared");
    writeFileSync(
      config,
      JSON.stringify({ accounts: [{ kind: "gemini", label: "from-file", api_key: key }] }),
    );
    const [view] = await listJson(dir);
    expect(view).toMatchObject({ label: "from-file", source: "config" });
    const removal = await agate(dir, ["accounts", "remove", "from-file"]);
    expect(removal.code).toBe(1);
    expect(removal.stderr).toContain("declared in the config file");
    expect((await agate(dir, ["accounts", "disable", "from-file"])).code).toBe(0);
    expect((await listJson(dir))[0]).toMatchObject({ source: "config", state: "disabled" });
  });
});
