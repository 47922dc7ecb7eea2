import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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
