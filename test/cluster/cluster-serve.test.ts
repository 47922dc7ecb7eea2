import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { faults, type Simulator, startSimulator } from "../../src/simulator/index.js";
import { tempDir } from "../helpers/temp-dir.js";
import { waitUntil } from "../helpers/wait-until.js";
import { MAIN, pidsOf, type Running, startCluster } from "./support.js";

/**
 * `agate serve --workers 2`, the built CLI as a user runs it, against the simulator: both workers serve,
 * a cool-down one worker gives is honoured by the other, /metrics counts the whole gateway, SIGTERM
 * lets a request in flight finish and stops every process.
 */

const generations = (simulator: Simulator, apiKey: string) =>
  simulator.requests.filter(
    (request) => request.path.includes(":generateContent") && request.headers["x-goog-api-key"] === apiKey,
  ).length;

describe("agate serve --workers 2", () => {
  let simulator: Simulator;
  let running: Running;
  let client: OpenAI;
  let served = 0;

  beforeAll(async () => {
    simulator = await startSimulator({ port: 0, quiet: true });
    const home = tempDir("agate-cluster-");
    const accounts = [1, 2].map((index) => ({
      kind: "gemini",
      label: `account${index}@test`,
      api_key: `sim-key-${index}`,
      base_url: simulator.url,
    }));
    // round_robin: without the other worker's cool-down, a worker would go back to account 1 at once.
    writeFileSync(join(home, "config.json"), JSON.stringify({ accounts, strategy: "round_robin" }));
    running = await startCluster(home, ["--workers", "2"]);
    // A request that hangs fails in 8 s, within the test's own 20 s, saying which one it was.
    client = new OpenAI({ baseURL: `${running.url}/v1`, apiKey: "unused", maxRetries: 0, timeout: 8_000 });
  }, 30_000);

  afterAll(async () => {
    // When the SIGTERM test did not stop it: gone before tempDir removes its home, after the file.
    if (running?.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill("SIGKILL");
      await running.exited;
    }
    await simulator?.close();
  });

  const chat = async (text: string) => {
    const { data, response } = await client.chat.completions
      .create({ model: "gemini-2.5-flash", messages: [{ role: "user", content: text }] })
      .withResponse()
      .catch((error: unknown) => {
        // Say which request failed and what the gateway logged last, not only that a test timed out.
        const last = running.lines.slice(-6).map((line) => JSON.stringify(line));
        throw new Error(
          `chat "${text}" failed: ${String(error)}; the gateway's last lines:\n${last.join("\n")}`,
        );
      });
    served++;
    return { text: data.choices[0]?.message.content, account: response.headers.get("x-account-email") };
  };

  const servingPids = () => pidsOf(running.lines);

  it("prints one listening line for the two workers, and both serve", async () => {
    expect(running.lines.filter((line) => String(line.msg).includes("listening"))).toHaveLength(1);
    const answers = await Promise.all(Array.from({ length: 12 }, (_, index) => chat(`hello ${index}`)));
    expect(answers.every((answer) => answer.text?.includes("hello"))).toBe(true);
    await waitUntil("both workers serving", () => servingPids().size === 2);
    expect(servingPids().size).toBe(2);
  });

  it("a 429 one worker saw keeps the other worker off that account", async () => {
    simulator.script({ match: { apiKey: "sim-key-1" }, respond: faults.rateLimitPerMinute("120s") });
    // Round robin reaches account 1 within two requests; its 429 cools it and moves the request on.
    const triedBefore = generations(simulator, "sim-key-1");
    for (let index = 0; index < 4 && generations(simulator, "sim-key-1") === triedBefore; index++)
      expect((await chat(`until the 429 ${index}`)).account).toBe("account2@test");
    expect(generations(simulator, "sim-key-1")).toBe(triedBefore + 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const mark = running.lines.length;
    const answers = await Promise.all(Array.from({ length: 12 }, (_, index) => chat(`after ${index}`)));
    expect(answers.map((answer) => answer.account)).toEqual(answers.map(() => "account2@test"));
    expect(generations(simulator, "sim-key-1")).toBe(triedBefore + 1);
    await waitUntil("both workers serving", () => pidsOf(running.lines.slice(mark)).size === 2);
    expect(pidsOf(running.lines.slice(mark)).size).toBe(2);
  });

  it("the dashboard's live feed shows the requests of both workers", async () => {
    const controller = new AbortController();
    const response = await fetch(`${running.url}/admin/requests/live`, { signal: controller.signal });
    let events = 0;
    const reading = (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of response.body as AsyncIterable<Uint8Array>)
          events += decoder
            .decode(chunk)
            .split("\n")
            .filter((line) => line.startsWith("data:")).length;
      } catch {
        // Aborted.
      }
    })();
    // The worker serving the feed tells the primary within a second that a dashboard watches.
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    const mark = running.lines.length;
    await Promise.all(Array.from({ length: 16 }, (_, index) => chat(`watched ${index}`)));
    await waitUntil("16 events in the live feed", () => events >= 16);
    controller.abort();
    await reading;
    expect(events).toBe(16);
    expect(pidsOf(running.lines.slice(mark)).size).toBe(2);
  });

  it("/metrics counts the requests of both workers", async () => {
    const text = await (await fetch(`${running.url}/metrics`)).text();
    const counted = [
      ...text.matchAll(
        /^agate_requests_total\{route="\/v1\/chat\/completions",status="200",[^}]*\} (\d+)$/gm,
      ),
    ]
      .map((match) => Number(match[1]))
      .reduce((sum, count) => sum + count, 0);
    expect(counted).toBe(served);
    expect(text).toMatch(/^agate_build_info\{version="[^"]+"\} 1$/m);
    expect(text).toMatch(/^agate_cooldowns_total\{account="[^"]+",reason="[^"]+"\} 1$/m);
  });

  it("a worker that dies is replaced, and the gateway keeps serving", async () => {
    const [victim] = [...servingPids()] as number[];
    // Never kill(0): that is the whole process group, the test runner included.
    if (typeof victim !== "number" || victim <= 0) throw new Error("no serving worker pid seen");
    process.kill(victim, "SIGKILL");
    await waitUntil(
      "the primary's log line for the restarted worker",
      () => running.lines.some((line) => line.msg === "agate worker restarted"),
      10_000,
    );
    const restarted = running.lines.find((line) => line.msg === "agate worker restarted");
    expect(restarted?.worker).not.toBe(victim);
    const answers = await Promise.all(Array.from({ length: 4 }, (_, index) => chat(`still here ${index}`)));
    expect(answers.every((answer) => answer.text?.includes("still here"))).toBe(true);
  });

  it("SIGTERM lets the request in flight finish, then every process exits 0", async () => {
    simulator.script({ match: { apiKey: "sim-key-2" }, delayMs: 700, respond: { reply: { text: "late" } } });
    const late = chat("slow one");
    await new Promise((resolve) => setTimeout(resolve, 250));
    const workers = [
      ...servingPids(),
      ...running.lines.filter((line) => line.msg === "agate worker restarted").map((line) => line.worker),
    ] as number[];
    running.child.kill("SIGTERM");
    expect((await late).text).toBe("late");
    expect(await running.exited).toBe(0);
    for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
  });
});

describe("agate serve --workers 2 on a port in use", () => {
  let blocker: Server;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  });
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it("says so in one line and exits non-zero", async () => {
    const address = blocker.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    const home = tempDir("agate-cluster-busy-");
    const child = spawn(process.execPath, [MAIN, "serve", "--port", String(port), "--workers", "2"], {
      env: { PATH: process.env.PATH ?? "", HOME: home, AGATE_HOME: home, AGATE_LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(stderr.trim().split("\n")).toEqual([
      `agate: 127.0.0.1:${port} is already in use (another agate?): stop it or choose another port (--port, AGATE_PORT).`,
    ]);
  }, 20_000);
});

/** The processes that logged a served request among `lines`. */
