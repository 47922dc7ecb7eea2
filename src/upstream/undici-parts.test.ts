import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

/** Value imports of undici's index: `import { x } from "undici"`, not `import type { x } from "undici"`. */
const INDEX_VALUE_IMPORT = /import\s+(?!type\b)[^;]*?from\s+["']undici["']|import\(\s*["']undici["']\s*\)/;

describe("undici's index stays out of the server", () => {
  it("its values come through undici-parts.ts (the index would load fetch and Node's own undici at start)", () => {
    const offenders = sources(SRC)
      .filter((file) => !file.endsWith("undici-parts.ts") && !file.includes("/ui/"))
      .filter((file) => INDEX_VALUE_IMPORT.test(readFileSync(file, "utf8")))
      .map((file) => relative(SRC, file));
    expect(offenders).toEqual([]);
  });

  it("the check sees a value import, and lets a type import through", () => {
    expect(INDEX_VALUE_IMPORT.test('import { Agent } from "undici";')).toBe(true);
    expect(INDEX_VALUE_IMPORT.test('import { type Dispatcher, errors } from "undici";')).toBe(true);
    expect(INDEX_VALUE_IMPORT.test('const { fetch } = await import("undici");')).toBe(true);
    expect(INDEX_VALUE_IMPORT.test('import type { Dispatcher } from "undici";')).toBe(false);
    expect(INDEX_VALUE_IMPORT.test('import Agent from "undici/lib/dispatcher/agent.js";')).toBe(false);
  });
});
