import { readFileSync } from "node:fs";

function readVersion(): string {
  try {
    const packageJson = new URL("../package.json", import.meta.url);
    const parsed = JSON.parse(readFileSync(packageJson, "utf8")) as { version?: unknown };
    return typeof parsed.version === "string" ? parsed.version : "0.0.0";
  } catch {
    return "0.0.0";
  }
}

/** agate's semantic version, read once from package.json. */
export const VERSION = readVersion();
