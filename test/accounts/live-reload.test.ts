import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/database.js";
import { SqliteModelMappingRepository } from "../../src/store/model-mapping-repository.js";
import { chat } from "../admin/support.js";
import { tempDir } from "../helpers/temp-dir.js";
import { type PoolStack, startPoolStack } from "../pool/support.js";
import { agate, listJson } from "./support.js";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Polls `probe` until it returns true (every 25 ms, at most `ms`). */
async function eventually(probe: () => Promise<boolean>, ms = 5_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

describe("a running gateway picks up accounts changed by `agate accounts` (data_version polling)", () => {
  it("an account added, turned off and on again from the CLI takes effect without a restart", async () => {
    const dir = tempDir("agate-accounts-");
    const stack: PoolStack = await startPoolStack({
      accounts: [],
      dataDir: dir,
      clock: { now: Date.now() },
      config: { accounts_reload_ms: 50 },
    });
    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= stack.close();
      return closing;
    };
    cleanups.push(close);
    expect((await chat(stack.url, "gemini-2.5-flash")).status).toBe(503);

    const added = await agate(
      dir,
      ["accounts", "add", "gemini", "--label", "hot", "--base-url", stack.simulator.url],
      {
        input: "sim-live-reload-key",
      },
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain("A running gateway picks the change up");
    expect(await eventually(async () => (await chat(stack.url, "gemini-2.5-flash")).status === 200)).toBe(
      true,
    );
    expect((await chat(stack.url, "gemini-2.5-flash")).account).toBe("hot");

    expect((await agate(dir, ["accounts", "disable", "hot"])).code).toBe(0);
    expect(await eventually(async () => (await chat(stack.url, "gemini-2.5-flash")).status === 503)).toBe(
      true,
    );
    expect((await agate(dir, ["accounts", "enable", "hot"])).code).toBe(0);
    expect(await eventually(async () => (await chat(stack.url, "gemini-2.5-flash")).status === 200)).toBe(
      true,
    );

    await close();
    const [view] = await listJson(dir);
    expect(view).toMatchObject({ label: "hot", state: "active" });
    expect(view?.requests_today).toBeGreaterThanOrEqual(3);
  });

  it("a model mapping another process stored is routed by without a restart", async () => {
    const dir = tempDir("agate-mapping-");
    const stack = await startPoolStack({
      accounts: [{ kind: "gemini", label: "acct", api_key: "sim-mapping-key" }],
      dataDir: dir,
      config: { accounts_reload_ms: 50 },
    });
    cleanups.push(() => stack.close());
    const other = openDatabase(dir);
    cleanups.push(() => {
      other.close();
    });
    expect((await chat(stack.url, "team-default")).status).not.toBe(200);
    new SqliteModelMappingRepository(other).replace({ "team-default": "gemini-2.5-pro" });
    expect(await eventually(async () => (await chat(stack.url, "team-default")).status === 200)).toBe(true);
    expect((await chat(stack.url, "team-default")).mapped).toBe("gemini-2.5-pro");
  });
});
