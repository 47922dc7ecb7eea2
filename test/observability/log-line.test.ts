import { type ChildProcess, spawn } from "node:child_process";
import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { tempDir } from "../helpers/temp-dir.js";

const MAIN = new URL("../../dist/cli/main.js", import.meta.url).pathname;
const CANARY_KEY = "client-key-canary-0123456789abcdef";
const CANARY_ADMIN = "admin-key-canary-0123456789abcdef";

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
}

let running: Running | undefined;
// Before tempDir removes the demo's home, once the test has finished.
afterEach(async () => {
  if (running === undefined) return;
  const { child } = running;
  running = undefined;
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await exited;
  }
});

/** `agate demo` as a user starts it, with its logs on stdout. */
async function demo(env: Record<string, string>): Promise<Running> {
  const home = tempDir("agate-log-");
  const child = spawn(process.execPath, [MAIN, "demo", "--port", "0"], {
    env: { PATH: process.env.PATH ?? "", HOME: home, AGATE_HOME: home, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /gateway on (http:\/\/[\d.:]+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearInterval(timer);
        resolve(match[1]);
      }
    }, 20);
    child.once("exit", (code) => {
      clearInterval(timer);
      reject(new Error(`agate demo exited with ${code}:\n${output}`));
    });
  });
  return { child, url, output: () => output };
}

async function ask(url: string): Promise<string> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${CANARY_KEY}` },
    body: JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] }),
  });
  expect(response.status).toBe(200);
  return response.headers.get("x-request-id") ?? "";
}

/**
 * A client that closes its connection: at its first chunk of answer, or after 300 ms without one. (Node's
 * fetch, aborted, may leave the socket open; this closes it, as a client process that stops does.)
 */
function leave(url: string, path: string, body: Record<string, unknown>): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
    });
    const close = () => {
      clearTimeout(timer);
      request.destroy();
      resolve();
    };
    const timer = setTimeout(close, 300);
    request.on("response", (response) => response.once("data", close));
    request.on("error", (error) => (request.destroyed ? resolve() : reject(error)));
    request.end(JSON.stringify(body));
  });
}

const logLines = (output: string): Record<string, unknown>[] =>
  output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("the structured log", () => {
  it("has one line per request with the request-log fields, and no secret", async () => {
    running = await demo({
      AGATE_LOG_LEVEL: "debug",
      AGATE_API_KEYS: CANARY_KEY,
      AGATE_AUTH_MODE: "all_except_health",
      AGATE_ADMIN_KEY: CANARY_ADMIN,
    });
    const id = await ask(running.url);
    await fetch(`${running.url}/metrics`, { headers: { authorization: `Bearer ${CANARY_ADMIN}` } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = logLines(running.output()).filter((line) => line.reqId === id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 20,
      msg: "request",
      method: "POST",
      route: "/v1/chat/completions",
      status: 200,
      clientKey: expect.stringMatching(/^key-[0-9a-f]{8}$/),
      requestedModel: "gpt-4o",
      mappedModel: "gemini-3.5-flash",
      accountLabel: "demo@simulator",
      attempts: 1,
      errorCode: null,
      errorType: "none",
      stream: false,
      tokens: {
        prompt: expect.any(Number),
        completion: expect.any(Number),
        reasoning: expect.any(Number),
        cached: 0,
      },
    });
    expect(lines[0]?.ms).toEqual(expect.any(Number));
    expect(lines[0]?.ttfbMs).toEqual(expect.any(Number));
    expect(running.output()).not.toContain("canary");
  });

  it("at debug, names an ignored request field once per route, however often it comes", async () => {
    running = await demo({ AGATE_LOG_LEVEL: "debug" });
    const post = (path: string, body: Record<string, unknown>) =>
      fetch(`${running?.url}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const chat = { model: "gpt-4o", messages: [{ role: "user", content: "hi" }], service_tier: "auto" };
    for (const body of [chat, chat, { ...chat, verbosity: "low" }])
      expect((await post("/v1/chat/completions", body)).status).toBe(200);
    const responses = { model: "gpt-4o", input: "hi", service_tier: "auto", web_search_options: {} };
    for (const body of [responses, responses]) expect((await post("/v1/responses", body)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const ignored = logLines(running.output()).filter((line) =>
      String(line.msg).startsWith("request fields ignored"),
    );
    expect(ignored).toEqual([
      expect.objectContaining({ level: 20, route: "/v1/chat/completions", fields: ["service_tier"] }),
      expect.objectContaining({ level: 20, route: "/v1/chat/completions", fields: ["verbosity"] }),
      // service_tier is a field the Responses API reads (and validates); web_search_options is not.
      expect.objectContaining({ level: 20, route: "/v1/responses", fields: ["web_search_options"] }),
    ]);
  });

  it("at the default info, logs the failed requests only (WebSocket turns alike)", async () => {
    running = await demo({});
    const ok = await ask(running.url);
    const socket = new WebSocket(`${running.url.replace(/^http/, "ws")}/v1/responses`);
    await new Promise((resolve) => socket.once("open", resolve));
    const turnDone = new Promise<void>((resolve) =>
      socket.on("message", (data) => {
        if ((JSON.parse(String(data)) as { type: string }).type === "response.completed") resolve();
      }),
    );
    socket.send(JSON.stringify({ type: "response.create", model: "gpt-4o", input: "hi" }));
    await turnDone;
    socket.close();
    const failed = await fetch(`${running.url}/v1/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "gpt-4o" }),
    });
    expect(failed.status).toBe(400);
    const failedId = failed.headers.get("x-request-id");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = logLines(running.output());
    expect(lines.filter((line) => line.reqId === ok)).toEqual([]);
    expect(lines.filter((line) => line.websocket === true || line.method === "WS")).toEqual([]);
    expect(lines.filter((line) => line.reqId === failedId)).toEqual([
      expect.objectContaining({ level: 30, msg: "request", status: 400, errorType: "bad_request" }),
    ]);
  });

  it("a client that leaves before its answer ends is one info line (client_closed), no error or stack", async () => {
    running = await demo({});
    const upstream = /simulated Gemini upstream on (http:\/\/[\d.:]+)/.exec(running.output())?.[1];
    const script = (rule: Record<string, unknown>) =>
      fetch(`${upstream}/__sim/script`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ forever: true, ...rule }),
      });
    // gemini-2.5-pro answers after 2 s; gemini-3-flash-preview streams a word every 200 ms.
    await script({
      match: { model: "gemini-2.5-pro" },
      delayMs: 2_000,
      respond: { reply: { text: "late" } },
    });
    const words = Array.from({ length: 20 }, (_, index) => `w${index}`).join(" ");
    await script({
      match: { model: "gemini-3-flash-preview", stream: true },
      chunkDelayMs: 200,
      respond: { reply: { text: words } },
    });
    const url = running.url;
    // Before the first byte: the client gives up waiting.
    await leave(url, "/v1/chat/completions", {
      model: "gemini-2.5-pro",
      messages: [{ role: "user", content: "hi" }],
    });
    // Mid-stream, on both streaming routes: the client reads a first chunk and leaves.
    const stream = { model: "gemini-3-flash-preview", stream: true };
    await leave(url, "/v1/chat/completions", { ...stream, messages: [{ role: "user", content: "hi" }] });
    await leave(url, "/v1/responses", { ...stream, input: "hi" });
    // A Responses WebSocket closed mid-turn (the turn's line; the upgrade's is at debug).
    const socket = new WebSocket(`${url.replace(/^http/, "ws")}/v1/responses`);
    await new Promise((resolve) => socket.once("open", resolve));
    const gone = new Promise((resolve) => socket.once("close", resolve));
    socket.on("message", (data) => {
      if ((JSON.parse(String(data)) as { type: string }).type === "response.output_text.delta")
        socket.terminate();
    });
    socket.send(JSON.stringify({ type: "response.create", model: "gemini-3-flash-preview", input: "hi" }));
    await gone;
    const turnLine = () => logLines(running?.output() ?? "").some((line) => line.method === "WS");
    for (let waited = 0; !turnLine() && waited < 3_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = logLines(running.output());
    expect(lines.filter((line) => Number(line.level) >= 40)).toEqual([]);
    // Nothing else is reported as an error: not the WebSocket's upgrade, whose turn the client left.
    const errorTypes = lines.map((line) => line.errorType).filter((type) => type !== undefined);
    expect(errorTypes.filter((type) => type !== "client_closed" && type !== "none")).toEqual([]);
    expect(lines.filter((line) => line.errorType === "client_closed")).toEqual([
      expect.objectContaining({ level: 30, msg: "request", route: "/v1/chat/completions", stream: false }),
      expect.objectContaining({ route: "/v1/chat/completions", stream: true, errorCode: null }),
      expect.objectContaining({ level: 30, msg: "request", route: "/v1/responses", errorCode: null }),
      expect.objectContaining({
        level: 30,
        msg: "request",
        method: "WS",
        route: "/v1/responses",
        errorCode: null,
      }),
    ]);
  });

  it("warns of the sentinel for the replayed calls that get it, not for parallel calls sent interleaved", async () => {
    running = await demo({});
    const { url } = running;
    const upstream = /simulated Gemini upstream on (http:\/\/[\d.:]+)/.exec(running.output())?.[1];
    const signature = Buffer.from("gemini-3-signature-for-two-reads").toString("base64");
    await fetch(`${upstream}/__sim/script`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        match: { model: "gemini-3-pro-preview" },
        respond: {
          reply: {
            functionCalls: [
              { name: "read_file", args: { path: "a.txt" } },
              { name: "read_file", args: { path: "b.txt" } },
            ],
            signature,
          },
        },
      }),
    });
    const tools = [{ type: "function", function: { name: "read_file", parameters: { type: "object" } } }];
    const chat = async (messages: unknown[]) => {
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "gemini-3-pro-preview", tools, messages }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { choices: { message: { tool_calls?: unknown[] } }[] };
      return { id: response.headers.get("x-request-id"), calls: body.choices[0]?.message.tool_calls ?? [] };
    };
    const question = { role: "user", content: "What do a.txt and b.txt say?" };
    const [a, b] = (await chat([question])).calls as { id: string }[];
    const asked = (call: { id: string } | undefined) => ({
      role: "assistant",
      content: null,
      tool_calls: [{ id: call?.id, type: "function", function: { name: "read_file", arguments: "{}" } }],
    });
    const answered = (call: { id: string } | undefined) => ({
      role: "tool",
      tool_call_id: call?.id,
      content: "ok",
    });
    // b goes back into a's step, signed by a: no sentinel.
    const interleaved = await chat([question, asked(a), answered(a), asked(b), answered(b)]);
    // A call no model of ours made: the sentinel.
    const foreign = { id: "call_from_elsewhere" };
    const unsigned = await chat([question, asked(foreign), answered(foreign)]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const warnings = logLines(running.output()).filter((line) =>
      String(line.msg).includes("without a thought signature"),
    );
    expect(warnings.filter((line) => line.reqId === interleaved.id)).toEqual([]);
    expect(warnings.map((line) => [line.reqId, line.toolCalls])).toEqual([[unsigned.id, 1]]);
  });

  it("honours log_level: at warn, no request lines", async () => {
    running = await demo({ AGATE_LOG_LEVEL: "warn" });
    const id = await ask(running.url);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(logLines(running.output()).filter((line) => line.reqId === id)).toEqual([]);
  });
});
