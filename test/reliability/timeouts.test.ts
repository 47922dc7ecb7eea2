import { type ChildProcess, spawn } from "node:child_process";
import { connect, type Socket } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RecordedRequest, type Simulator, startSimulator } from "../../src/simulator/index.js";
import { generations, type PoolStack, startPoolStack, statusOf } from "../pool/support.js";
import {
  chatBody,
  eventually,
  expectErrorShape,
  expectNoneInFlight,
  send,
  sleep,
  sseData,
} from "./support.js";

/**
 * Issue 6 §6: connect, first-byte and idle timeouts end the request with the documented status — 504 in the
 * OpenAI shape before the first byte, an error frame after it — and free the account and its connection.
 */

let simulator: Simulator;
const stacks: PoolStack[] = [];
beforeAll(async () => {
  simulator = await startSimulator({ quiet: true });
});
afterAll(async () => {
  await simulator.close();
});
afterEach(async () => {
  for (const stack of stacks.splice(0)) await stack.close();
  simulator.reset();
});

async function gateway(
  config: Record<string, unknown>,
  accounts = 1,
  baseUrls: string[] = [],
  owner: PoolStack[] = stacks,
) {
  const stack = await startPoolStack({
    simulator,
    accounts: Array.from({ length: accounts }, (_, index) => ({
      kind: "gemini",
      label: `t-${index + 1}`,
      api_key: `key-${index + 1}`,
      ...(baseUrls[index] === undefined ? {} : { base_url: baseUrls[index] }),
    })),
    config: { retry_backoff_ms: 10, ...config },
  });
  owner.push(stack);
  return stack;
}

/** The generation calls the simulator saw were all closed by agate before they completed. */
async function expectUpstreamClosedEarly(): Promise<void> {
  const calls = generations(simulator);
  expect(calls.length).toBeGreaterThan(0);
  await eventually(() => calls.every((call) => call.closedAt !== undefined));
  for (const call of calls as RecordedRequest[]) {
    expect(call.closedAt, call.path).toBeDefined();
    expect(call.finished, call.path).toBe(false);
  }
}

describe("first-byte timeout", () => {
  it.each(["json", "stream"] as const)(
    "an upstream that sends nothing → 504 upstream_timeout (%s), connection closed, account freed",
    async (mode) => {
      const stack = await gateway({ first_byte_timeout_ms: 300, max_attempts: 1 });
      simulator.script({ forever: true, respond: { fault: "hang" } });
      const answer = await send(`${stack.url}/v1/chat/completions`, {
        body: chatBody("anyone there?", mode === "stream" ? { stream: true } : {}),
      });
      expect(answer.status).toBe(504);
      expect(answer.headers["content-type"]).toMatch(/^application\/json/);
      expect(expectErrorShape(answer.body)).toMatchObject({ type: "server_error", code: "upstream_timeout" });
      expect(answer.headers["x-agate-attempts"]).toBe("1");
      await expectUpstreamClosedEarly();
      await expectNoneInFlight(stack.gateway);
    },
  );

  it("headers that come later than request_timeout_ms → 504 upstream_timeout, account freed", async () => {
    const stack = await gateway({ first_byte_timeout_ms: 10_000, request_timeout_ms: 500, max_attempts: 1 });
    simulator.script({ delayMs: 3_000, respond: { reply: { text: "too late" } } });
    const answer = await send(`${stack.url}/v1/chat/completions`, { body: chatBody("slow") });
    expect(answer.status).toBe(504);
    expect(expectErrorShape(answer.body).code).toBe("upstream_timeout");
    await expectUpstreamClosedEarly();
    await expectNoneInFlight(stack.gateway);
  });
});

describe("idle timeout after the first byte", () => {
  const stalled = () =>
    simulator.script({
      chunkDelayMs: 5_000,
      respond: { reply: { text: "one two three four five six seven eight nine ten eleven twelve" } },
    });

  it("chat: the stream ends with one upstream_timeout error frame, then [DONE]", async () => {
    const stack = await gateway({ request_timeout_ms: 600 });
    stalled();
    const answer = await send(`${stack.url}/v1/chat/completions`, {
      body: chatBody("stall", { stream: true }),
    });
    expect(answer.status).toBe(200);
    const data = sseData(answer.body);
    expect(data.at(-1)).toBe("[DONE]");
    expect(data.some((frame) => frame.includes('"content":"one two three "'))).toBe(true);
    const errors = data.filter((frame) => frame.startsWith('{"error"'));
    expect(errors).toHaveLength(1);
    expect(expectErrorShape(errors[0] ?? "").code).toBe("upstream_timeout");
    await expectUpstreamClosedEarly();
    await expectNoneInFlight(stack.gateway);
  });

  it("completions: the stream ends with one upstream_timeout error frame, then [DONE]", async () => {
    const stack = await gateway({ request_timeout_ms: 600 });
    stalled();
    const answer = await send(`${stack.url}/v1/completions`, {
      body: { model: "gemini-2.5-flash", prompt: "stall", stream: true },
    });
    expect(answer.status).toBe(200);
    const data = sseData(answer.body);
    expect(data.at(-1)).toBe("[DONE]");
    const errors = data.filter((frame) => frame.startsWith('{"error"'));
    expect(errors).toHaveLength(1);
    expect(expectErrorShape(errors[0] ?? "").code).toBe("upstream_timeout");
    await expectNoneInFlight(stack.gateway);
  });

  it("responses: an `error` event, then response.failed (never response.completed)", async () => {
    const stack = await gateway({ request_timeout_ms: 600 });
    stalled();
    const answer = await send(`${stack.url}/v1/responses`, {
      body: { model: "gemini-2.5-flash", input: "stall", stream: true },
    });
    expect(answer.status).toBe(200);
    const types = sseData(answer.body).map((data) => (JSON.parse(data) as { type: string }).type);
    expect(types).toContain("response.output_text.delta");
    expect(types.slice(-2)).toEqual(["error", "response.failed"]);
    expect(types).not.toContain("response.completed");
    const failed = JSON.parse(sseData(answer.body).at(-1) ?? "{}") as {
      response: { status: string; error: { code: string } };
    };
    expect(failed.response.status).toBe("failed");
    expect(failed.response.error.code).toBe("upstream_timeout");
    await expectUpstreamClosedEarly();
    await expectNoneInFlight(stack.gateway);
  });
});

/**
 * A listener whose accept queue is full: a connect to it never completes. It lives in a child process that
 * listens with a backlog of 1 and then blocks its event loop, so nothing is ever accepted; two connections
 * of ours fill the queue.
 */
const HOLDER = `
const server = require("node:net").createServer();
server.listen({ port: 0, host: "127.0.0.1", backlog: 1 }, () => {
  process.stdout.write(server.address().port + "\\n");
  setTimeout(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000), 20);
});`;

// The three tests each wait out undici's 10 s connect timeout; run side by side they cost it once.
describe.concurrent("connect timeout", () => {
  let holder: ChildProcess;
  let fillers: Socket[] = [];
  let blackHole: string;
  beforeAll(async () => {
    holder = spawn(process.execPath, ["-e", HOLDER], { stdio: ["ignore", "pipe", "inherit"] });
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the holder did not start")), 5_000);
      holder.stdout?.once("data", (chunk: Buffer) => {
        clearTimeout(timer);
        resolve(Number(chunk.toString().trim()));
      });
    });
    await sleep(100);
    fillers = [0, 1].map(() => connect(port, "127.0.0.1").on("error", () => undefined));
    await sleep(100);
    blackHole = `http://127.0.0.1:${port}`;
  });
  /** Stacks of these concurrent tests, closed together once all are done. */
  const owned: PoolStack[] = [];
  afterAll(async () => {
    await Promise.all(owned.map((stack) => stack.close()));
    for (const socket of fillers) socket.destroy();
    holder.kill("SIGKILL");
  });

  it("a connect that never completes: another account answers (one account: 504), the account is freed", {
    timeout: 40_000,
  }, async () => {
    const [two, one] = await Promise.all([
      gateway({}, 2, [blackHole], owned),
      gateway({ max_attempts: 1 }, 1, [blackHole], owned),
    ]);
    const [rotated, alone] = await Promise.all([
      send(`${two.url}/v1/chat/completions`, { body: chatBody("over the black hole") }),
      send(`${one.url}/v1/chat/completions`, { body: chatBody("only the black hole") }),
    ]);
    expect(rotated.status, rotated.body).toBe(200);
    expect(rotated.headers["x-account-email"]).toBe("t-2");
    expect(rotated.headers["x-agate-attempts"]).toBe("2");
    expect(statusOf(two, "t-1").cooldowns).toMatchObject([{ model: "", reason: "transient" }]);
    expect(alone.status).toBe(504);
    expect(expectErrorShape(alone.body).code).toBe("upstream_timeout");
    await expectNoneInFlight(two.gateway);
    await expectNoneInFlight(one.gateway);
  });

  it("a connect that never completes is given up after first_byte_timeout_ms", {
    timeout: 40_000,
  }, async () => {
    const stack = await gateway({ first_byte_timeout_ms: 1_000 }, 2, [blackHole], owned);
    const started = Date.now();
    const answer = await send(`${stack.url}/v1/chat/completions`, {
      body: chatBody("quickly please"),
      signal: AbortSignal.timeout(5_000),
    }).catch(() => undefined);
    expect(answer?.status).toBe(200);
    // 1 s timeout plus generous slack for undici's coarse timers; the bug makes it 10 s.
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it("a client that leaves during a hanging connect frees its account slot at once", {
    timeout: 40_000,
  }, async () => {
    const stack = await gateway({ max_attempts: 1 }, 1, [blackHole], owned);
    await send(`${stack.url}/v1/chat/completions`, {
      body: chatBody("I will not wait"),
      signal: AbortSignal.timeout(500),
    }).catch(() => undefined);
    const gone = Date.now();
    await eventually(() => stack.gateway.pool.inFlightCount() === 0, 1_000);
    expect(stack.gateway.pool.inFlightCount()).toBe(0);
    expect(Date.now() - gone).toBeLessThan(100 + 50);
  });
});
