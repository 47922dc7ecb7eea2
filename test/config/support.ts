import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError } from "../../src/config/load.js";
import { tempDir } from "../helpers/temp-dir.js";

/** A fresh home directory, removed after the test. */
export const tempHome = (): string => tempDir("agate-config-");

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
