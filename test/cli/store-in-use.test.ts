import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator } from "../../src/simulator/index.js";
import { agate, googleKey, MAIN } from "../accounts/support.js";
import { tempDir } from "../helpers/temp-dir.js";

/**
 * Two `agate serve` on one store would keep separate cool-downs and counts and misuse the pool without a
 * word: the second is refused, naming the first. The built CLI, as an operator runs it.
 */

const running = new Set<ChildProcess>();
afterEach(async () => {
  for (const child of running) {
    running.delete(child);
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = once(child, "exit");
    child.kill("SIGKILL");
    await exited;
  }
});

interface Served {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
}

/** `agate serve` on a free port, resolved once it says it listens. */
function serve(
  home: string,
  flags: readonly string[] = [],
  env: Record<string, string> = {},
): Promise<Served> {
  const child = spawn(process.execPath, [MAIN, "serve", "--port", "0", ...flags], {
    env: { PATH: process.env.PATH ?? "", HOME: home, AGATE_HOME: home, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let output = "";
  return new Promise((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const port = /agate listening on [^:]+:(\d+)/.exec(output)?.[1];
      if (port !== undefined) resolve({ child, port: Number(port), exited });
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    void exited.then((code) => reject(new Error(`agate serve exited (${code}):\n${output}`)));
  });
}

/** A `agate serve` expected to stop by itself: its exit code and output (killed after 10 s if it does not). */
async function refusedServe(home: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [MAIN, "serve", "--port", "0"], {
    env: { PATH: process.env.PATH ?? "", HOME: home, AGATE_HOME: home },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  const [code] = (await once(child, "close")) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

const healthy = async (port: number) => (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200;

describe("a second `agate serve` on a store another one serves", () => {
  it("is refused: exit code 1, one line naming the first (pid, port) and pointing to --workers", async () => {
    const home = tempDir("agate-in-use-");
    const first = await serve(home);

    const second = await refusedServe(home);
    expect(second.code).toBe(1);
    const lines = second.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`another agate (pid ${first.child.pid}, port ${first.port}) already serves`);
    expect(lines[0]).toContain(join(home, "agate.db"));
    expect(lines[0]).toContain("--workers N");
    expect(second.stderr).not.toMatch(/^\s+at /m);
    expect(second.stdout).toBe("");
    // The first goes on serving.
    expect(await healthy(first.port)).toBe(true);
  });

  it("leaves `agate accounts` and `agate stats` alone: they open the store beside a running gateway", async () => {
    const home = tempDir("agate-in-use-cli-");
    const first = await serve(home);
    const added = await agate(home, [
      "accounts",
      "add",
      "gemini",
      "--key",
      googleKey("beside"),
      "--label",
      "b",
    ]);
    expect(added.code, added.stderr).toBe(0);
    const listed = await agate(home, ["accounts", "list"]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain("b");
    const stats = await agate(home, ["stats"]);
    expect(stats.code, stats.stderr).toBe(0);
    expect(await healthy(first.port)).toBe(true);
  });

  it("does not stop the workers of one `serve --workers 2`; a second serve beside them names the primary", async () => {
    const home = tempDir("agate-in-use-cluster-");
    const cluster = await serve(home, ["--workers", "2"]);
    expect(await healthy(cluster.port)).toBe(true);

    const second = await refusedServe(home);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`another agate (pid ${cluster.child.pid}, port ${cluster.port})`);
    expect(await healthy(cluster.port)).toBe(true);
  });

  it("is not fooled by the record of a gateway killed with kill -9", async () => {
    const home = tempDir("agate-in-use-kill-");
    const first = await serve(home);
    first.child.kill("SIGKILL");
    await first.exited;

    const next = await serve(home);
    expect(await healthy(next.port)).toBe(true);
  });

  it("is not fooled by a record naming a live process that is not agate, on a port nobody answers", async () => {
    const home = tempDir("agate-in-use-stale-");
    // A port that was free a moment ago, and this test runner's own pid (alive, not a gateway on this store).
    const idle = createServer();
    await new Promise<void>((resolve) => idle.listen(0, "127.0.0.1", resolve));
    const address = idle.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    await new Promise((resolve) => idle.close(resolve));
    writeFileSync(
      join(home, "serving.json"),
      JSON.stringify({ pid: process.pid, port, host: hostname(), since: new Date().toISOString() }),
    );

    const next = await serve(home);
    expect(await healthy(next.port)).toBe(true);
  });

  it("lets a new gateway start as soon as the old one is told to stop, while it finishes its requests", async () => {
    const simulator = await startSimulator({ port: 0, quiet: true });
    try {
      const home = tempDir("agate-in-use-handover-");
      const account = { kind: "gemini", label: "a", api_key: googleKey("handover"), base_url: simulator.url };
      writeFileSync(join(home, "config.json"), JSON.stringify({ accounts: [account] }));
      const words = Array.from({ length: 120 }, (_, index) => `word${index}`).join(" ");
      simulator.script({ chunkDelayMs: 100, respond: { reply: { text: words } } });
      const old = await serve(home);
      const response = await fetch(`http://127.0.0.1:${old.port}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "gpt-4o", stream: true, messages: [{ role: "user", content: "hi" }] }),
      });
      const body = response.text();
      await new Promise((resolve) => setTimeout(resolve, 300));
      old.child.kill("SIGTERM");

      const next = await serve(home);
      expect(old.child.exitCode).toBeNull();
      expect(await healthy(next.port)).toBe(true);
      const text = await body;
      expect(text).toContain("word119");
      expect(await old.exited).toBe(0);
    } finally {
      await simulator.close();
    }
  });
});
