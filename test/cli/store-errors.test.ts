import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { tempDir } from "../helpers/temp-dir.js";

const MAIN = new URL("../../dist/cli/main.js", import.meta.url).pathname;

/** A store that cannot be opened stops agate with one line that names the file and says what to do. */
it.each([["serve", "--port", "0"], ["stats"], ["accounts", "list"]])(
  "agate %s with a damaged agate.db names the file and what to do, without a stack",
  (...args) => {
    const home = tempDir("agate-bad-store-");
    writeFileSync(join(home, "agate.db"), "this is not a SQLite database, it was cut or overwritten");
    const result = spawnSync(process.execPath, [MAIN, ...args], {
      env: { PATH: process.env.PATH ?? "", HOME: home, AGATE_HOME: home },
      encoding: "utf8",
      timeout: 15_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(join(home, "agate.db"));
    expect(result.stderr).toContain("file is not a database");
    expect(result.stderr).toContain("move it away");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  },
);
