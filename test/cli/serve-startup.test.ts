import { type ChildProcess, spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/database.js";
import { agate, googleKey, MAIN, tempHome } from "../accounts/support.js";

let child: ChildProcess | undefined;
let home: ReturnType<typeof tempHome> | undefined;
afterEach(() => {
  child?.kill("SIGKILL");
  home?.remove();
  child = undefined;
  home = undefined;
});

/** `agate serve` on a free port; resolves with its log lines once the start-up ones are out. */
function serve(dir: string, flags: readonly string[]): Promise<Record<string, unknown>[]> {
  const started = spawn(process.execPath, [MAIN, "serve", "--port", "0", ...flags], {
    env: { PATH: process.env.PATH ?? "", HOME: dir, AGATE_HOME: dir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = started;
  let output = "";
  return new Promise((resolve, reject) => {
    started.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      if (!output.includes("agate listening")) return;
      // The start-up lines are written together: the next turn has them all.
      setTimeout(
        () =>
          resolve(
            output
              .trim()
              .split("\n")
              .map((line) => JSON.parse(line)),
          ),
        200,
      );
    });
    started.on("exit", (code) => reject(new Error(`agate serve exited (${code}): ${output}`)));
  });
}

describe("serve's start-up lines", () => {
  it.each([
    ["one process", []],
    ["a cluster", ["--workers", "2"]],
  ])(
    "%s: count the accounts that can serve, and name each one agate turned off (a revoked token)",
    async (_, flags) => {
      home = tempHome("agate-startup-");
      for (const label of ["alice", "bob"]) {
        const added = await agate(home.dir, [
          "accounts",
          "add",
          "gemini",
          "--key",
          googleKey(label),
          "--label",
          label,
        ]);
        expect(added.code, added.stderr).toBe(0);
      }
      const db = openDatabase(home.dir);
      db.prepare("UPDATE accounts SET disabled_reason = ? WHERE label = 'bob'").run(
        "OAuth invalid_grant: Token has been expired or revoked.",
      );
      db.close();

      const lines = await serve(home.dir, flags);
      expect(lines.find((line) => String(line.msg).startsWith("agate listening"))).toMatchObject({
        accounts: 1,
      });
      expect(lines.find((line) => line.level === 40)).toMatchObject({
        msg: "1 account is turned off and serves nothing: bob (OAuth invalid_grant: Token has been expired or revoked.); `agate accounts enable <id>` turns one back on.",
      });
    },
  );
});
