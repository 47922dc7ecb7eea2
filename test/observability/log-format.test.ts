import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/temp-dir.js";

const MAIN = new URL("../../dist/cli/main.js", import.meta.url).pathname;

/** Runs agate as a user would, its stdout a pipe, until a line says it listens; then stops it: all it wrote. */
async function firstLines(args: string[], env: Record<string, string>): Promise<string> {
  const home = tempDir("agate-log-format-");
  const child = spawn(process.execPath, [MAIN, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: home, AGATE_HOME: home, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise((resolve) => child.once("exit", resolve));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`agate did not start:\n${output}`)), 15_000);
      const read = (chunk: Buffer) => {
        output += chunk.toString();
        if (/agate listening on/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on("data", read);
      child.stderr.on("data", read);
      child.once("exit", (code) => reject(new Error(`agate exited with ${code}:\n${output}`)));
    });
  } finally {
    // Started or not, it is gone before its home is removed.
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  }
  return output;
}

const PRETTY_LISTENING = /^\d\d:\d\d:\d\d\.\d{3} INFO {2}agate listening on 127\.0\.0\.1:\d+ /m;

describe("log_format", () => {
  it("auto (the default) writes JSON lines where stdout is not a terminal", async () => {
    const output = await firstLines(["demo", "--port", "0"], {});
    const listening = output.split("\n").find((text) => text.includes("agate listening on"));
    expect(JSON.parse(listening ?? "")).toMatchObject({
      level: 30,
      msg: expect.stringMatching(/^agate listening/),
    });
  });

  it("pretty writes time, level, message and fields", async () => {
    const output = await firstLines(["demo", "--port", "0"], { AGATE_LOG_FORMAT: "pretty" });
    expect(output).toMatch(PRETTY_LISTENING);
    expect(output).not.toContain('{"level"');
  });

  it("pretty in cluster mode: the primary's lines and the workers' alike", async () => {
    const output = await firstLines(["serve", "--port", "0", "--workers", "2"], {
      AGATE_LOG_FORMAT: "pretty",
      AGATE_LOG_LEVEL: "debug",
    });
    expect(output).toMatch(PRETTY_LISTENING);
    expect(output).not.toContain('{"level"');
    // On the stop, the primary and each worker say they let requests finish.
    const stopping = output.match(/^\d\d:\d\d:\d\d\.\d{3} INFO {2}\S+: letting in-flight requests finish/gm);
    expect(stopping?.length).toBe(3);
  });

  it("refuses a format it does not know, naming the key", async () => {
    const home = tempDir("agate-log-format-");
    const child = spawn(process.execPath, [MAIN, "serve", "--port", "0"], {
      env: { PATH: process.env.PATH ?? "", HOME: home, AGATE_HOME: home, AGATE_LOG_FORMAT: "xml" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).not.toBe(0);
    expect(output).toMatch(/log_format|AGATE_LOG_FORMAT/);
  });
});
