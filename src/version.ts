import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "./package-root.js";

function readVersion(): string {
  try {
    const packageJson = join(packageRoot(), "package.json");
    const parsed = JSON.parse(readFileSync(packageJson, "utf8")) as { version?: unknown };
    return typeof parsed.version === "string" ? parsed.version : "0.0.0";
  } catch {
    return "0.0.0";
  }
}

/** agate's semantic version, read once from package.json. */
export const VERSION = readVersion();
