// agate's overhead against its own simulator, measured side by side in one run (npm run bench).
// Starts the simulator and agate as child processes from dist/, then for each round alternates the targets:
//   latency at c=1 — a sequential loop of timed requests over one keep-alive connection (process.hrtime);
//   throughput at c=64 — autocannon for a few seconds.
// Appends a Markdown table of medians (with the spread over rounds) to bench/README.md.
import { execSync, spawn } from "node:child_process";
import { appendFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import autocannon from "autocannon";
import { Pool } from "undici";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LATENCY_REQUESTS = Number(process.env.BENCH_LATENCY_REQUESTS ?? 1500);
const THROUGHPUT_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const SIM_PORT = 18046;
const AGATE_PORT = 18045;
const MAIN = new URL("../dist/cli/main.js", import.meta.url).pathname;

const chatBody = JSON.stringify({
  model: "gemini-2.5-flash",
  messages: [{ role: "user", content: "hello there" }],
});
const geminiBody = JSON.stringify({ contents: [{ role: "user", parts: [{ text: "hello there" }] }] });
const targets = {
  direct: {
    origin: `http://127.0.0.1:${SIM_PORT}`,
    path: "/v1beta/models/gemini-2.5-flash:generateContent",
    headers: { "content-type": "application/json", "x-goog-api-key": "bench-key" },
    body: geminiBody,
  },
  agate: {
    origin: `http://127.0.0.1:${AGATE_PORT}`,
    path: "/v1/chat/completions",
    headers: { "content-type": "application/json" },
    body: chatBody,
  },
};

function start(args, env) {
  const child = spawn(process.execPath, [MAIN, ...args], {
    env: { ...process.env, ...env },
    stdio: "ignore",
  });
  return child;
}

async function waitFor(url) {
  for (let i = 0; i < 100; i++) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not come up`);
}

async function latency(target) {
  const pool = new Pool(target.origin, { connections: 1, pipelining: 1 });
  const samples = [];
  for (let i = 0; i < LATENCY_REQUESTS + 100; i++) {
    const startedAt = process.hrtime.bigint();
    const response = await pool.request({
      method: "POST",
      path: target.path,
      headers: target.headers,
      body: target.body,
    });
    await response.body.text();
    if (response.statusCode !== 200)
      throw new Error(`${target.origin}${target.path} answered ${response.statusCode}`);
    if (i >= 100) samples.push(Number(process.hrtime.bigint() - startedAt) / 1e6);
  }
  await pool.close();
  samples.sort((a, b) => a - b);
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99) };
}

async function throughput(target) {
  const result = await autocannon({
    url: target.origin + target.path,
    method: "POST",
    headers: target.headers,
    body: target.body,
    connections: 64,
    duration: THROUGHPUT_SECONDS,
  });
  const errors = result.errors + result.non2xx;
  return { rps: result.requests.average, errorRate: errors / Math.max(1, result.requests.total) };
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const spread = (values) => `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;

const simulator = start(["simulator", "--port", String(SIM_PORT)], {});
const agate = start(["serve", "--port", String(AGATE_PORT)], {
  GEMINI_API_KEY: "bench-key",
  GEMINI_BASE_URL: `http://127.0.0.1:${SIM_PORT}`,
  AGATE_LOG_LEVEL: "warn",
  AGATE_HOME: `/tmp/agate-bench-${process.pid}`,
});
try {
  await waitFor(`http://127.0.0.1:${SIM_PORT}/v1beta/models`);
  await waitFor(`http://127.0.0.1:${AGATE_PORT}/healthz`);
  const rounds = { direct: [], agate: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of round % 2 === 0 ? ["direct", "agate"] : ["agate", "direct"]) {
      const lat = await latency(targets[name]);
      const put = await throughput(targets[name]);
      rounds[name].push({ ...lat, ...put });
      console.log(
        `round ${round + 1} ${name}: p50 ${lat.p50.toFixed(3)} ms, p99 ${lat.p99.toFixed(3)} ms, ${put.rps.toFixed(0)} rps`,
      );
    }
  }
  const pick = (name, key) => rounds[name].map((r) => r[key]);
  const added50 = rounds.agate.map((r, i) => r.p50 - rounds.direct[i].p50);
  const added99 = rounds.agate.map((r, i) => r.p99 - rounds.direct[i].p99);
  const ratioRps = rounds.agate.map((r, i) => r.rps / rounds.direct[i].rps);
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const commit = (() => {
    try {
      return execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
    } catch {
      return "?";
    }
  })();
  const table = [
    "",
    `### ${new Date().toISOString().slice(0, 10)} — commit ${commit}`,
    "",
    `Machine: ${machine}. Command: \`npm run bench\` (${ROUNDS} rounds, ${LATENCY_REQUESTS} sequential requests, ${THROUGHPUT_SECONDS} s at c=64 per target per round; non-streaming chat, small body).`,
    "",
    "| Figure | direct to simulator | through agate | agate − direct or agate / direct |",
    "|---|---|---|---|",
    `| latency p50 at c=1 (ms) | ${median(pick("direct", "p50")).toFixed(3)} (${spread(pick("direct", "p50"))}) | ${median(pick("agate", "p50")).toFixed(3)} (${spread(pick("agate", "p50"))}) | +${median(added50).toFixed(3)} ms (${spread(added50)}) |`,
    `| latency p99 at c=1 (ms) | ${median(pick("direct", "p99")).toFixed(3)} | ${median(pick("agate", "p99")).toFixed(3)} | +${median(added99).toFixed(3)} ms (${spread(added99)}) |`,
    `| throughput at c=64 (req/s) | ${median(pick("direct", "rps")).toFixed(0)} | ${median(pick("agate", "rps")).toFixed(0)} | ×${median(ratioRps).toFixed(2)} (${spread(ratioRps)}) |`,
    `| error rate at c=64 | ${median(pick("direct", "errorRate")).toFixed(4)} | ${median(pick("agate", "errorRate")).toFixed(4)} | |`,
    "",
  ].join("\n");
  appendFileSync(new URL("./README.md", import.meta.url), table);
  console.log(table);
} finally {
  simulator.kill("SIGTERM");
  agate.kill("SIGTERM");
}
