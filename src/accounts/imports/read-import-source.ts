import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { invalidAccount } from "../account-errors.js";
import { agateExportEntries, looksLikeAgateExport } from "./agate-export.js";
import { antigravityEntry, looksLikeAntigravityAccount } from "./antigravity.js";
import { geminiCliEntry, looksLikeGeminiCliCredentials } from "./gemini-cli.js";
import type { ImportEntry } from "./import-entry.js";

export type ImportFormat = "antigravity" | "gemini-cli" | "agate";

export interface ImportSource {
  format: ImportFormat;
  entries: ImportEntry[];
}

/**
 * Reads what `agate accounts import PATH` was given and says what it is:
 * - a directory of Antigravity-tools account files (`accounts/*.json`), or the tools' data directory that
 *   holds one, or its `accounts.json` index;
 * - the Gemini CLI's `oauth_creds.json`, or the `~/.gemini` directory that holds it;
 * - an export written by `agate accounts export`;
 * - one Antigravity account file.
 */
export function readImportSource(path: string, now: number): ImportSource {
  const stats = statOrThrow(path);
  if (stats.isDirectory()) return readDirectory(path, now);
  const value = readJson(path);
  if (value === undefined) throw invalidAccount(`${path} is not valid JSON.`, "path");
  if (looksLikeAgateExport(value))
    return { format: "agate", entries: agateExportEntries(basename(path), value) };
  if (looksLikeAntigravityAccount(value))
    return { format: "antigravity", entries: [antigravityEntry(basename(path), value, now)] };
  if (looksLikeGeminiCliCredentials(value))
    return { format: "gemini-cli", entries: [geminiCliEntry(basename(path), value, now)] };
  if (isAntigravityIndex(value) && isDirectory(join(dirname(path), "accounts")))
    return readAntigravityDirectory(join(dirname(path), "accounts"), now);
  throw invalidAccount(
    `${path} is neither an agate export, an Antigravity account file nor a Gemini CLI oauth_creds.json.`,
    "path",
  );
}

function readDirectory(path: string, now: number): ImportSource {
  if (isDirectory(join(path, "accounts"))) return readAntigravityDirectory(join(path, "accounts"), now);
  const creds = join(path, "oauth_creds.json");
  if (isFile(creds)) {
    const value = readJson(creds);
    return {
      format: "gemini-cli",
      entries: [
        value === undefined
          ? { origin: "oauth_creds.json", skip: "not valid JSON" }
          : geminiCliEntry("oauth_creds.json", value, now),
      ],
    };
  }
  return readAntigravityDirectory(path, now);
}

/** Every `*.json` of the directory, in name order, as one Antigravity account each. */
function readAntigravityDirectory(path: string, now: number): ImportSource {
  const files = readdirSync(path)
    .filter((name) => name.endsWith(".json"))
    .sort();
  if (files.length === 0) throw invalidAccount(`${path} holds no account files (*.json).`, "path");
  const entries = files.map((name): ImportEntry => {
    const value = readJson(join(path, name));
    if (value === undefined) return { origin: name, skip: "not valid JSON" };
    if (!looksLikeAntigravityAccount(value)) return { origin: name, skip: "not an Antigravity account file" };
    return antigravityEntry(name, value, now);
  });
  return { format: "antigravity", entries };
}

const isAntigravityIndex = (value: unknown): boolean =>
  typeof value === "object" && value !== null && "accounts" in value && Array.isArray(value.accounts);

function statOrThrow(path: string) {
  try {
    return statSync(path);
  } catch {
    throw invalidAccount(`Nothing to import at ${path}: no such file or directory.`, "path");
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, ""));
  } catch {
    return undefined;
  }
}
