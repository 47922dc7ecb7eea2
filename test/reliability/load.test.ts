import { request as httpRequest, type IncomingMessage } from "node:http";
import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { testConfig } from "../helpers/test-config.js";
import { listenOnLoopback } from "../server/support.js";
import {
  type ChildSimulator,
  collectGarbage,
  eventually,
  expectNoneInFlight,
  LONG,
  MB,
  StallMonitor,
  scaled,
  sleep,
  startChildSimulator,
} from "./support.js";

/**
 * Issue 6 §4: 200 concurrent streams through agate to the simulator (in its own process), among them one
 * client that reads almost nothing. Zero errors, no stream stalls another, and memory stays bounded: agate
 * must hold the slow client's upstream back (backpressure) instead of buffering its ~20 MB answer.
 * 30 s with AGATE_LONG_TESTS=1 (`npm run test:long`), 5 s by default; AGATE_LOAD_STREAMS scales the count.
 */

const STREAMS = scaled("AGATE_LOAD_STREAMS", 200);
const DURATION_MS = LONG ? 30_000 : 5_000;
/** The slow client starts once the baseline is taken, this long into the run. */
const SLOW_START_MS = 2_000;
/** Each normal answer: 30 words, 3 per chunk, 100 ms apart (≈1 s). */
const NORMAL_TEXT = Array.from({ length: 30 }, (_, index) => `n${index}`).join(" ");
const CHUNK_DELAY_MS = 100;
/** The slow client's answer: 20,000 words of 1 KB in ~6,700 chunks (≈20 MB of SSE), written at once. */
const hugeText = () => Array.from({ length: 20_000 }, (_, index) => `w${index}`.padEnd(1_000, "x")).join(" ");
/** A stream whose next frame is this late has been stalled (normal frames are 100 ms apart). */
const STALL_BAR_MS = 2_000;
/** Memory may exceed the baseline by this much while the slow client holds its 20 MB answer back. */
const MEMORY_BOUND = 12 * MB;

let simulator: ChildSimulator;
let gateway: Gateway;
let base: string;
const agent = new Agent({ connections: STREAMS + 10, keepAliveTimeout: 10_000 });

beforeAll(async () => {
  simulator = await startChildSimulator({ record: false });
  await simulator.script({
    forever: true,
    match: { model: "gemini-2.5-pro" },
    respond: { reply: { text: hugeText() } },
  });
  await simulator.script({
    forever: true,
    chunkDelayMs: CHUNK_DELAY_MS,
    respond: { reply: { text: NORMAL_TEXT } },
  });
  gateway = await createGateway(
    testConfig({
      accounts: ["a", "b", "c"].map((name) => ({
        kind: "gemini",
        label: `load-${name}`,
        api_key: `key-${name}`,
        base_url: simulator.url,
      })),
    }),
    { logger: false, inMemoryStore: true },
  );
  base = `http://127.0.0.1:${await listenOnLoopback(gateway.app)}`;
});
afterAll(async () => {
  await agent.close();
  await gateway?.close();
  await simulator?.close();
});

interface LoadStats {
  completed: number;
  /** Answers completed per client. */
  perClient: number[];
  errors: string[];
  longestGapMs: number;
  longestGapStalledMs: number;
}

/**
 * One client: stream after stream (at least one) until the deadline, recording errors and the longest pause
 * between two frames.
 */
async function client(id: number, deadline: number, stats: LoadStats, stalls: StallMonitor): Promise<void> {
  do {
    try {
      const response = await request(`${base}/v1/chat/completions`, {
        method: "POST",
        dispatcher: agent,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          model: "gemini-2.5-flash",
          stream: true,
          messages: [{ role: "user", content: `load client ${id}` }],
        }),
      });
      if (response.statusCode !== 200) {
        stats.errors.push(`client ${id}: HTTP ${response.statusCode} ${await response.body.text()}`);
        break;
      }
      let last = Date.now();
      let tail = "";
      for await (const chunk of response.body) {
        const now = Date.now();
        if (now - last > stats.longestGapMs) {
          stats.longestGapMs = now - last;
          stats.longestGapStalledMs = stalls.within(last, now);
        }
        last = now;
        tail = (tail + (chunk as Buffer).toString("utf8")).slice(-200);
        if (tail.includes('data: {"error"')) stats.errors.push(`client ${id}: an error frame`);
      }
      if (!tail.endsWith("data: [DONE]\n\n"))
        stats.errors.push(`client ${id}: the stream did not end with [DONE]`);
      else {
        stats.completed++;
        stats.perClient[id] = (stats.perClient[id] ?? 0) + 1;
      }
    } catch (error) {
      stats.errors.push(`client ${id}: ${String(error)}`);
    }
  } while (Date.now() < deadline);
}

interface SlowReader {
  /** Bytes it has read so far. */
  read: () => number;
  status: () => number | undefined;
  leave: () => void;
}

/** A client that asks for the huge answer and then reads 1 KB every 200 ms. */
function slowReader(): SlowReader {
  const url = new URL(base);
  const payload = JSON.stringify({
    model: "gemini-2.5-pro",
    stream: true,
    messages: [{ role: "user", content: "the slow reader" }],
  });
  let bytes = 0;
  let status: number | undefined;
  let response: IncomingMessage | undefined;
  const clientRequest = httpRequest({
    host: url.hostname,
    port: url.port,
    path: "/v1/chat/completions",
    method: "POST",
    agent: false,
    headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
  });
  clientRequest.on("error", () => undefined);
  clientRequest.on("response", (incoming) => {
    response = incoming;
    status = incoming.statusCode;
    incoming.pause();
    incoming.on("error", () => undefined);
  });
  clientRequest.end(payload);
  const timer = setInterval(() => {
    const chunk = response?.read(1024) as Buffer | null | undefined;
    if (chunk) bytes += chunk.length;
  }, 200);
  return {
    read: () => bytes,
    status: () => status,
    leave: () => {
      clearInterval(timer);
      clientRequest.destroy();
    },
  };
}

/** Heap plus buffers after one full collection. */
function memoryNow(): number {
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

describe(`load: ${STREAMS} concurrent streams for ${DURATION_MS / 1000} s with a slow reader among them`, () => {
  it("zero errors, no stream stalls another, memory bounded (backpressure)", {
    timeout: DURATION_MS + 60_000,
  }, async () => {
    // Warm up, so the baseline includes compiled code and pooled connections.
    const warmStats: LoadStats = {
      completed: 0,
      perClient: [],
      errors: [],
      longestGapMs: 0,
      longestGapStalledMs: 0,
    };
    const warmStalls = new StallMonitor();
    await Promise.all(Array.from({ length: 20 }, (_, id) => client(id, 0, warmStats, warmStalls)));
    expect(warmStats.errors).toEqual([]);

    const stalls = new StallMonitor();
    stalls.start();
    const started = Date.now();
    const deadline = started + DURATION_MS;
    const stats: LoadStats = {
      completed: 0,
      perClient: [],
      errors: [],
      longestGapMs: 0,
      longestGapStalledMs: 0,
    };
    const clients = Promise.all(
      Array.from({ length: STREAMS }, (_, id) => client(id, deadline, stats, stalls)),
    );

    const baseline: number[] = [];
    for (const at of [1_000, 1_500, SLOW_START_MS]) {
      await sleep(started + at - Date.now());
      baseline.push(memoryNow());
    }
    const slow = slowReader();
    const during: number[] = [];
    while (Date.now() < deadline - 250) {
      await sleep(500);
      during.push(memoryNow());
    }
    await clients;
    stalls.stop();

    // The slow client got its answer started, read little of it, and still holds it open.
    expect(slow.status()).toBe(200);
    expect(slow.read()).toBeGreaterThan(0);
    expect(slow.read()).toBeLessThan(1 * MB);
    expect(gateway.pool.inFlightCount()).toBe(1);
    slow.leave();
    expect(await eventually(() => gateway.pool.inFlightCount() === 0, 2_000)).toBe(true);
    await expectNoneInFlight(gateway);

    expect(stats.errors.slice(0, 10)).toEqual([]);
    // Every client kept streaming: a stalled one would finish nothing. An answer takes ≈1 s unloaded; allow 4.
    const fewest = Math.min(...Array.from({ length: STREAMS }, (_, id) => stats.perClient[id] ?? 0));
    expect(fewest, `answers per client (total ${stats.completed})`).toBeGreaterThanOrEqual(
      Math.max(1, Math.floor(DURATION_MS / 4_000)),
    );
    // No stream paused for long; time this whole process stood still (a busy machine, GC) is not agate's.
    expect(
      stats.longestGapMs - stats.longestGapStalledMs,
      `longest pause between two frames: ${stats.longestGapMs} ms (${stats.longestGapStalledMs} ms of it stalled)`,
    ).toBeLessThan(STALL_BAR_MS);

    const baselineMedian = [...baseline].sort((a, b) => a - b)[1] ?? 0;
    const peak = Math.max(...during);
    expect(
      peak - baselineMedian,
      `memory: baseline ${(baselineMedian / MB).toFixed(1)} MB, peak with the slow reader ${(peak / MB).toFixed(1)} MB`,
    ).toBeLessThan(MEMORY_BOUND);
  });
});
