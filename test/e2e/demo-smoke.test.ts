import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { connect } from "node:net";
import OpenAI from "openai";
import { afterAll, beforeAll, expect, it } from "vitest";
import { tempDir } from "../helpers/temp-dir.js";

const MAIN = new URL("../../dist/cli/main.js", import.meta.url).pathname;
let child: ChildProcess;
let url: string;
/** The demo's temp dir (its TMPDIR), where it makes the directory it keeps its state in. */
let demoTemp: string;

/** Starts `agate demo` as a user would (built by `npm test`'s pretest) and reads the URL it prints. */
beforeAll(async () => {
  const home = tempDir("agate-demo-home-");
  demoTemp = tempDir("agate-demo-tmp-");
  child = spawn(process.execPath, [MAIN, "demo", "--port", "0"], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: home,
      AGATE_HOME: home,
      TMPDIR: demoTemp,
      AGATE_LOG_LEVEL: "warn",
      // Longer than the test may take: a stop that waits for its timeout fails the test.
      AGATE_SHUTDOWN_TIMEOUT_MS: "60000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  url = await new Promise<string>((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`agate demo did not start:\n${output}`)), 15_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /gateway on (http:\/\/[\d.:]+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.once("exit", (code) => reject(new Error(`agate demo exited with ${code}:\n${output}`)));
  });
});

afterAll(async () => {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
});

it("GET /healthz answers ok with the version", async () => {
  const response = await fetch(`${url}/healthz`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
});

it("the openai SDK lists models (non-empty in the demo)", async () => {
  const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: "demo" });
  const page = await client.models.list();
  expect(page.data.length).toBeGreaterThan(0);
  expect(page.data.map((model) => model.id)).toContain("gpt-4o");
});

it("the openai SDK gets a chat completion, with X-Mapped-Model and X-Account-Email", async () => {
  const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: "demo" });
  const { data, response } = await client.chat.completions
    .create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] })
    .withResponse();
  expect(data.object).toBe("chat.completion");
  expect(data.choices[0]?.message.content).toContain("hi");
  expect(response.headers.get("x-mapped-model")).toBe("gemini-3.5-flash");
  expect(response.headers.get("x-account-email")).toBe("demo@simulator");
});

it("SIGTERM stops the demo cleanly, at once though a client holds a connection it never used, and its state goes", async () => {
  expect(readdirSync(demoTemp)).toEqual([expect.stringMatching(/^agate-demo-/)]);
  // A browser's preconnect, or a client's spare socket: connected, not a byte sent.
  const { hostname, port } = new URL(url);
  const unused = connect(Number(port), hostname);
  await new Promise((resolve) => unused.once("connect", resolve));
  const closed = new Promise((resolve) => unused.once("close", resolve));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  expect(await exited).toBe(0);
  await closed;
  // The demo's store is thrown away with it: no directory left behind in the temp dir for each run.
  expect(readdirSync(demoTemp)).toEqual([]);
});
