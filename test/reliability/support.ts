import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { request } from "undici";
import { expect } from "vitest";
import type { Gateway } from "../../src/gateway.js";
import type { RecordedRequest, SimRule } from "../../src/simulator/index.js";

/** Shared helpers of the reliability suite (issue 6). Every wait here is bounded. */

/** `AGATE_LONG_TESTS=1` runs the full-length soak versions (`npm run test:long`). */
export const LONG = process.env.AGATE_LONG_TESTS === "1";

/** A positive integer from the environment (scaling a count for soak runs), else the default. */
export function scaled(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

export interface OpenAIErrorShape {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

/** Whether `value` is exactly `{"error":{"message","type","param","code"}}` with a non-empty message. */
export function isOpenAIError(value: unknown): value is { error: OpenAIErrorShape } {
  if (typeof value !== "object" || value === null) return false;
  const keys = Object.keys(value);
  if (keys.length !== 1 || keys[0] !== "error") return false;
  const error = (value as { error: unknown }).error;
  if (typeof error !== "object" || error === null) return false;
  const inner = error as Record<string, unknown>;
  return (
    Object.keys(inner).sort().join(",") === "code,message,param,type" &&
    typeof inner.message === "string" &&
    inner.message.length > 0 &&
    typeof inner.type === "string" &&
    (inner.param === null || typeof inner.param === "string") &&
    (inner.code === null || typeof inner.code === "string")
  );
}

/** Parses `body` and asserts the OpenAI error shape; returns the inner error. */
export function expectErrorShape(body: string, context = ""): OpenAIErrorShape {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  expect(isOpenAIError(parsed), `not an OpenAI error ${context}: ${body.slice(0, 300)}`).toBe(true);
  return (parsed as { error: OpenAIErrorShape }).error;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One request over a real socket (undici), the whole body read. */
export async function send(
  url: string,
  options: {
    method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";
    headers?: Record<string, string>;
    body?: unknown;
    signal?: AbortSignal;
  } = {},
): Promise<HttpAnswer> {
  const hasBody = options.body !== undefined;
  const response = await request(url, {
    method: options.method ?? (hasBody ? "POST" : "GET"),
    headers: { ...(hasBody ? { "content-type": "application/json" } : {}), ...options.headers },
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(hasBody
      ? {
          body:
            typeof options.body === "string" || Buffer.isBuffer(options.body)
              ? options.body
              : JSON.stringify(options.body),
        }
      : {}),
  });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return { status: response.statusCode, headers, body: await response.body.text() };
}

/** The `data:` payloads of an SSE body, in order (`[DONE]` included as the string). */
export function sseData(body: string): string[] {
  return body
    .split(/\r?\n/)
    .filter((line) => line.startsWith("data:"))
    .map((line) => line.slice(5).trim());
}

/** A Chat Completions body for one user message. */
export const chatBody = (text: string, extra: Record<string, unknown> = {}) => ({
  model: "gemini-2.5-flash",
  messages: [{ role: "user", content: text }],
  ...extra,
});

/** The text of a chat answer, JSON or SSE; throws on anything else. */
export function chatText(answer: HttpAnswer): string {
  if (answer.headers["content-type"]?.startsWith("text/event-stream")) {
    let text = "";
    for (const data of sseData(answer.body)) {
      if (data === "[DONE]") continue;
      const chunk = JSON.parse(data) as { choices?: { delta?: { content?: string } }[] };
      text += chunk.choices?.[0]?.delta?.content ?? "";
    }
    return text;
  }
  const json = JSON.parse(answer.body) as { choices: { message: { content: string | null } }[] };
  return json.choices[0]?.message.content ?? "";
}

/** Polls `condition` every 10 ms for at most `timeoutMs`; returns whether it became true. */
export async function eventually(condition: () => boolean, timeoutMs = 2_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await sleep(10);
  }
  return true;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits (bounded) until no request holds an account slot, then asserts it. */
export async function expectNoneInFlight(gateway: Gateway): Promise<void> {
  await eventually(() => gateway.pool.inFlightCount() === 0);
  expect(gateway.pool.inFlightCount()).toBe(0);
  for (const account of gateway.pool.status()) expect(account.inFlight, account.label).toBe(0);
}

/** A loopback port nothing listens on: connecting to it is refused at once. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 1;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let gcFunction: (() => void) | undefined;

/** A full garbage collection: `global.gc` when the process has it, else exposed through V8 flags. */
export function collectGarbage(): void {
  if (gcFunction === undefined) {
    const existing = (globalThis as { gc?: () => void }).gc;
    if (existing !== undefined) gcFunction = existing;
    else {
      setFlagsFromString("--expose-gc");
      gcFunction = runInNewContext("gc") as () => void;
    }
  }
  gcFunction();
}

/** Heap plus off-heap buffers after a full collection, in bytes. */
export async function settledMemory(): Promise<number> {
  for (let round = 0; round < 3; round++) {
    collectGarbage();
    await sleep(20);
  }
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

export const MB = 1024 * 1024;

/**
 * Records when this process's event loop stood still (a timer tick late by more than `thresholdMs`: the
 * process was descheduled by a busy machine, or paused by a full GC). Latency bars measured in-process
 * discount those stalls, which are no part of the code under test.
 */
export class StallMonitor {
  private readonly stalls: { from: number; to: number }[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs = 2,
    private readonly thresholdMs = 30,
  ) {}

  start(): void {
    let last = Date.now();
    this.timer = setInterval(() => {
      const now = Date.now();
      if (now - last > this.thresholdMs) this.stalls.push({ from: last + this.intervalMs, to: now });
      last = now;
    }, this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Milliseconds of stall inside [from, to]. */
  within(from: number, to: number): number {
    let total = 0;
    for (const stall of this.stalls)
      total += Math.max(0, Math.min(to, stall.to) - Math.max(from, stall.from));
    return total;
  }

  get longestMs(): number {
    return Math.max(0, ...this.stalls.map((stall) => stall.to - stall.from));
  }
}

/** The built CLI (`npm test` builds it first; run `npm run build` before running files alone). */
export const DIST_MAIN = new URL("../../dist/cli/main.js", import.meta.url).pathname;

export interface ChildSimulator {
  url: string;
  /** POST /__sim/script */
  script(rule: SimRule): Promise<void>;
  requests(): Promise<RecordedRequest[]>;
  close(): Promise<void>;
}

/**
 * The simulator in a process of its own (`agate simulator` from the build): its CPU and memory (it writes
 * streams without backpressure) stay out of this process's measurements. Scripted over its HTTP control routes.
 */
export async function startChildSimulator(options: { record?: boolean } = {}): Promise<ChildSimulator> {
  const record = options.record === false ? ["--no-record"] : [];
  const child = spawn(process.execPath, [DIST_MAIN, "simulator", "--port", "0", ...record], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the child simulator did not start")), 10_000);
    child.stdout?.once("data", (chunk: Buffer) => {
      clearTimeout(timer);
      const started = /on (http:\/\/\S+)/.exec(chunk.toString());
      if (started?.[1] === undefined) reject(new Error(`the child simulator said: ${chunk.toString()}`));
      else resolve(started[1]);
    });
    child.once("exit", (code) => reject(new Error(`the child simulator exited with ${code}`)));
  });
  return {
    url,
    script: async (rule) => {
      const answer = await send(`${url}/__sim/script`, { body: rule });
      if (answer.status !== 200) throw new Error(`scripting failed: ${answer.body}`);
    },
    requests: async () =>
      (JSON.parse((await send(`${url}/__sim/requests`)).body) as { requests: RecordedRequest[] }).requests,
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface AgateChild {
  url: string;
  pid: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Sends the signal and waits (bounded) for the exit; resolves with the exit code or signal. */
  stop(signal: NodeJS.Signals): Promise<number | string | null>;
}

/**
 * `agate serve` from the build, as a user runs it: AGATE_HOME = `home` (config.json and agate.db there),
 * port 0, and the URL read from its "agate listening on" log line.
 */
export async function startAgateChild(home: string, env: Record<string, string> = {}): Promise<AgateChild> {
  const child = spawn(process.execPath, [DIST_MAIN, "serve", "--port", "0"], {
    env: { PATH: process.env.PATH ?? "", HOME: home, AGATE_HOME: home, AGATE_LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  const exited = new Promise<number | string | null>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal)),
  );
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`agate did not start:\n${output}`)), 15_000);
    const look = () => {
      const match = /agate listening on [^\s"]+:(\d+)/.exec(output);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      child.stdout?.off("data", look);
      resolve(match[1]);
    };
    child.stdout?.on("data", look);
    void exited.then((code) => reject(new Error(`agate exited with ${code}:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    output: () => output,
    stop: async (signal) => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode ?? child.signalCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
