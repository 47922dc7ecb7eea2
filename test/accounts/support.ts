import { spawn } from "node:child_process";

export const MAIN = new URL("../../dist/cli/main.js", import.meta.url).pathname;

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `agate` binary with a clean environment pointed at `home`, optionally feeding stdin. */
export function agate(
  home: string,
  args: readonly string[],
  options: { env?: Record<string, string>; input?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      env: { PATH: process.env.PATH ?? "", HOME: home, AGATE_HOME: home, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

/** `agate accounts list --json`, parsed. */
export async function listJson(
  home: string,
  env: Record<string, string> = {},
): Promise<Record<string, unknown>[]> {
  const result = await agate(home, ["accounts", "list", "--json"], { env });
  if (result.code !== 0) throw new Error(`list failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, unknown>[];
}

/** A syntactically valid Google API key (AIza + 35), distinct per `seed`. */
export const googleKey = (seed: string): string => `AIza${seed.padEnd(35, "x").slice(0, 35)}`;
