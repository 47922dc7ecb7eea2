import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import { ConfigError } from "../../src/config/load.js";

const created: string[] = [];

afterEach(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh home directory, removed after the test. */
export function tempHome(): string {
  const dir = mkdtempSync(join(tmpdir(), "agate-config-"));
  created.push(dir);
  return dir;
}

/** Writes `content` (JSON-encoded unless a string) to `<dir>/<name>` and returns the path. */
export function writeFile(dir: string, name: string, content: unknown): string {
  const path = join(dir, name);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

/** Runs `run` and returns the ConfigError it throws; fails the test when it throws nothing or something else. */
export function catchConfigError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError, got none");
}
