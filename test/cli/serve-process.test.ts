import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { startSimulator } from "../../src/simulator/index.js";
import { openDatabase } from "../../src/store/database.js";
import { agate, googleKey, MAIN } from "../accounts/support.js";
import { tempDir } from "../helpers/temp-dir.js";

let child: ChildProcess | undefined;
// Gone before tempDir removes its home, once the test has finished.
afterEach(async () => {
  const running = child;
  child = undefined;
  if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
  const exited = once(running, "exit");
  running.kill("SIGKILL");
  await exited;
});

/** `agate serve` on a free port; resolves with its log lines once the start-up ones are out. */
function serve(
  dir: string,
  flags: readonly string[],
  env: Record<string, string> = {},
): Promise<Record<string, unknown>[]> {
  const started = spawn(process.execPath, [MAIN, "serve", "--port", "0", ...flags], {
    env: { PATH: process.env.PATH ?? "", HOME: dir, AGATE_HOME: dir, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = started;
  let output = "";
  return new Promise((resolve, reject) => {
    started.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      output += chunk;
      if (!output.includes("agate listening")) return;
      // The start-up lines are written together: the next turn has them all.
      setTimeout(
        () =>
          resolve(
            output
              .trim()
              .split("\n")
              .map((line) => JSON.parse(line)),
          ),
        200,
      );
    });
    started.on("exit", (code) => reject(new Error(`agate serve exited (${code}): ${output}`)));
  });
}

describe("serve's start-up lines", () => {
  it.each([
    ["one process", []],
    ["a cluster", ["--workers", "2"]],
  ])(
    "%s: count the accounts that can serve, and name each one agate turned off (a revoked token)",
    async (_, flags) => {
      const home = tempDir("agate-startup-");
      for (const label of ["alice", "bob"]) {
        const added = await agate(home, [
          "accounts",
          "add",
          "gemini",
          "--key",
          googleKey(label),
          "--label",
          label,
        ]);
        expect(added.code, added.stderr).toBe(0);
      }
      const db = openDatabase(home);
      db.prepare("UPDATE accounts SET disabled_reason = ? WHERE label = 'bob'").run(
        "OAuth invalid_grant: Token has been expired or revoked.",
      );
      db.close();

      const lines = await serve(home, flags);
      expect(lines.find((line) => String(line.msg).startsWith("agate listening"))).toMatchObject({
        accounts: 1,
      });
      expect(lines.find((line) => line.level === 40)).toMatchObject({
        msg: "1 account is turned off and serves nothing: bob (OAuth invalid_grant: Token has been expired or revoked.); `agate accounts enable <id>` turns one back on.",
      });
    },
  );
});

describe("serve's stop", () => {
  it("SIGTERM: a stream still running at shutdown_timeout_ms ends with its error frame and [DONE], not a cut", async () => {
    const simulator = await startSimulator({ port: 0, quiet: true });
    try {
      const home = tempDir("agate-stop-");
      const account = { kind: "gemini", label: "a", api_key: googleKey("stop"), base_url: simulator.url };
      writeFileSync(join(home, "config.json"), JSON.stringify({ accounts: [account] }));
      const words = Array.from({ length: 40 }, (_, index) => `word${index}`).join(" ");
      simulator.script({ chunkDelayMs: 200, respond: { reply: { text: words } } });
      const lines = await serve(home, [], { AGATE_SHUTDOWN_TIMEOUT_MS: "300" });
      const port = /:(\d+)$/.exec(String(lines.find((line) => line.accounts !== undefined)?.msg))?.[1];
      const response = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "gpt-4o", stream: true, messages: [{ role: "user", content: "hi" }] }),
      });
      const body = response.text();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const exited = new Promise((resolve) => child?.once("exit", resolve));
      child?.kill("SIGTERM");

      const text = await body;
      expect(text).toContain("word0");
      expect(text).toContain('"code":"shutting_down"');
      expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
      expect(await exited).toBe(0);
    } finally {
      await simulator.close();
    }
  });

  it("SIGTERM at the moment it says it listens stops it gracefully, not by the signal's default (a kill)", async () => {
    const home = tempDir("agate-stop-early-");
    // Sends the SIGTERM from inside agate as it writes its "listening" line (its logger writes with fs.write):
    // no scheduling can hide a moment when agate says it listens but does not yet handle the signal.
    const preload = join(home, "term-at-listening.mjs");
    writeFileSync(
      preload,
      `import fs from "node:fs";
let sent = false;
for (const name of ["write", "writeSync"]) {
  const original = fs[name];
  fs[name] = function (fd, data, ...rest) {
    if (!sent && String(data).includes("agate listening on")) {
      sent = true;
      process.kill(process.pid, "SIGTERM");
    }
    return original.call(this, fd, data, ...rest);
  };
}
`,
    );
    const started = spawn(
      process.execPath,
      ["--import", pathToFileURL(preload).href, MAIN, "serve", "--port", "0"],
      {
        env: { PATH: process.env.PATH ?? "", HOME: home, AGATE_HOME: home },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    child = started;
    let output = "";
    started.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    started.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const [code, signal] = await once(started, "exit");
    expect({ code, signal }, output).toEqual({ code: 0, signal: null });
    expect(output).toContain("agate listening on");
    expect(output).toContain("SIGTERM: letting in-flight requests finish");
  });
});
