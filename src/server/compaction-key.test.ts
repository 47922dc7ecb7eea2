import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/helpers/temp-dir.js";
import { COMPACTION_KEY_FILE, compactionKeySource } from "./compaction-key.js";

const noWarnings = (message: string) => {
  throw new Error(`unexpected warning: ${message}`);
};

describe("compactionKeySource", () => {
  it("makes a key once, in data_dir/compaction.key with mode 0600, and reads the same one after a restart", () => {
    const dataDir = join(tempDir("agate-compaction-key-"), "nested");
    const first = compactionKeySource({ data_dir: dataDir }, noWarnings)();
    const path = join(dataDir, COMPACTION_KEY_FILE);
    expect(first).toHaveLength(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(path, "utf8").trim(), "base64")).toEqual(first);
    expect(compactionKeySource({ data_dir: dataDir }, noWarnings)()).toEqual(first);
  });

  it("derives the key from compaction_secret, the same for the same secret, without touching data_dir", () => {
    const dataDir = tempDir("agate-compaction-key-");
    const secret = "a long enough secret";
    const key = compactionKeySource({ data_dir: dataDir, compaction_secret: secret }, noWarnings)();
    expect(key).toHaveLength(32);
    expect(compactionKeySource({ data_dir: "/elsewhere", compaction_secret: secret }, noWarnings)()).toEqual(
      key,
    );
    expect(
      compactionKeySource({ data_dir: dataDir, compaction_secret: `${secret}!` }, noWarnings)(),
    ).not.toEqual(key);
    expect(() => statSync(join(dataDir, COMPACTION_KEY_FILE))).toThrow();
  });

  it("is lazy and then constant: nothing is read before the first use", () => {
    const dataDir = tempDir("agate-compaction-key-");
    const source = compactionKeySource({ data_dir: dataDir }, noWarnings);
    expect(() => statSync(join(dataDir, COMPACTION_KEY_FILE))).toThrow();
    expect(source()).toBe(source());
  });

  it("a damaged key file → a warning and a key in memory (never a silent new file)", () => {
    const dataDir = tempDir("agate-compaction-key-");
    writeFileSync(join(dataDir, COMPACTION_KEY_FILE), "short\n");
    const warnings: string[] = [];
    const key = compactionKeySource({ data_dir: dataDir }, (message) => warnings.push(message))();
    expect(key).toHaveLength(32);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("compaction_secret");
    expect(readFileSync(join(dataDir, COMPACTION_KEY_FILE), "utf8")).toBe("short\n");
  });
});
