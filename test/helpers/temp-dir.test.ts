import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeEach, describe, expect, it } from "vitest";
import { tempDir } from "./temp-dir.js";

/** The shared helper every test uses for its throwaway directories: each one goes when its test or file ends. */

const forTheFile = tempDir("agate-temp-dir-file-");
let inTest = "";
let inBeforeEach = "";
let previousBeforeEach = "";

describe("tempDir", () => {
  beforeEach(() => {
    previousBeforeEach = inBeforeEach;
    inBeforeEach = tempDir("agate-temp-dir-each-");
  });

  it("makes a new empty directory under the given prefix", () => {
    inTest = tempDir("agate-temp-dir-test-");
    expect(existsSync(inTest)).toBe(true);
    expect(inTest).toMatch(/agate-temp-dir-test-[^/]+$/);
    mkdirSync(join(inTest, "nested"));
    writeFileSync(join(inTest, "nested", "agate.db"), "data");
  });

  it("removes one made in a test or a beforeEach, with what it holds, once that test has finished", () => {
    expect(inTest).not.toBe("");
    expect(existsSync(inTest)).toBe(false);
    expect(existsSync(previousBeforeEach)).toBe(false);
    expect(existsSync(inBeforeEach)).toBe(true);
  });

  it("keeps one made outside a test until the file's tests are done", () => {
    expect(existsSync(forTheFile)).toBe(true);
  });
});

describe("the tests", () => {
  it("make their temporary directories with tempDir, which removes them, never with mkdtemp by hand", () => {
    const root = fileURLToPath(new URL("../..", import.meta.url));
    const files = ["src", "test"]
      .flatMap((top) => sourcesUnder(root, top))
      .filter((path) => /\.(test|e2e)\.ts$|\/support\.ts$|^test\/helpers\//.test(path));
    expect(files.length).toBeGreaterThan(50);
    // The helper and this test name it; every other file goes through the helper.
    const byHand = files
      .filter((path) => !path.startsWith(join("test", "helpers", "temp-dir.")))
      .filter((path) => /\bmkdtemp/.test(readFileSync(join(root, path), "utf8")));
    expect(byHand).toEqual([]);
  });
});

/** The files under `dir` (relative to `root`), node_modules left out (test/codex installs a large one). */
function sourcesUnder(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === "node_modules") return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourcesUnder(root, path) : [path];
  });
}
