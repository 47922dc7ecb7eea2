import { type ChildProcess, spawn } from "node:child_process";

/** The built CLI, as a user runs it. */
export const MAIN = new URL("../../dist/cli/main.js", import.meta.url).pathname;

export interface Running {
  child: ChildProcess;
  url: string;
  /** Every JSON log line so far (the primary's and the workers'). */
  lines: Record<string, unknown>[];
  exited: Promise<number | null>;
}

/** `agate serve --port 0 ...args` on `home`, at log level debug, resolved once the cluster says it listens. */
export function startCluster(
  home: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<Running> {
  const child = spawn(process.execPath, [MAIN, "serve", "--port", "0", ...args], {
    // debug: every request's log line (with its worker's pid) is how the tests see which worker served.
    env: { PATH: process.env.PATH ?? "", HOME: home, AGATE_HOME: home, AGATE_LOG_LEVEL: "debug", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: Record<string, unknown>[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let output = "";
    let pending = "";
    const timer = setTimeout(() => reject(new Error(`agate did not start:\n${output}`)), 20_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      pending += chunk.toString();
      const parts = pending.split("\n");
      pending = parts.pop() ?? "";
      for (const part of parts) {
        try {
          lines.push(JSON.parse(part) as Record<string, unknown>);
        } catch {
          // Not a log line.
        }
      }
      const match = /agate listening on 127\.0\.0\.1:(\d+) with \d+ workers/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${match[1]}`, lines, exited });
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    void exited.then((code) => reject(new Error(`agate exited with ${code}:\n${output}`)));
  });
}

/** The pids of the workers that answered a request with 200, by their debug request lines. */
export function pidsOf(lines: readonly Record<string, unknown>[]): Set<unknown> {
  return new Set(
    lines.filter((line) => line.msg === "request" && line.status === 200).map((line) => line.pid),
  );
}
