import { readFileSync } from "node:fs";
import { ConfigError } from "./config-error.js";

/**
 * Reads the JSON config file. A missing file is fine when it is only the default location; a missing
 * file the user named is an error. Messages never quote the file's text, which may hold secrets.
 */
export function readConfigFile(path: string, required: boolean): Record<string, unknown> | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!required && (code === "ENOENT" || code === "ENOTDIR")) return undefined;
    if (code === "ENOENT")
      throw new ConfigError(`Config file not found: ${path}`, undefined, { cause: error });
    throw new ConfigError(`Cannot read config file ${path} (${code ?? "unknown error"})`, undefined, {
      cause: error,
    });
  }
  const parsed = parseJson(text.replace(/^\uFEFF/, ""), path);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(
      `Invalid configuration: ${path} must hold a JSON object of settings, such as {"port": 8045}; it holds ${
        Array.isArray(parsed) ? "a list" : JSON.stringify(parsed)
      }`,
    );
  }
  return parsed as Record<string, unknown>;
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /at position (\d+)/.exec(error instanceof Error ? error.message : "")?.[1];
    const where = position === undefined ? "" : ` (${lineAndColumn(text, Number(position))})`;
    throw new ConfigError(`Invalid configuration: ${path} is not valid JSON${where}`, undefined, {
      cause: error,
    });
  }
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}
