// What keeping a Responses answer costs when the request carries a long history: `POST /v1/responses` with
// ≈ 1 MB of input (300 messages, as a client that resends its whole conversation sends it), non-streaming,
// `store: true` (the API's default) against `store: false`, one at a time. The save runs before the answer
// goes out, so that a `previous_response_id` sent right after always finds it: its cost is latency.
// Then a conversation carried by `previous_response_id`: BENCH_STORE_CHAIN turns (300), each a short message
// with 12 function tools (≈ 5 KB, echoed in every stored response); each turn reads every earlier one, so the
// latency of the last 50 turns against the first 50 is what the chain costs.
// `node bench/responses-store.mjs` after `npm run build`. Knobs: BENCH_STORE_REQUESTS (30 per round),
// BENCH_STORE_ROUNDS (3, alternating), BENCH_STORE_MESSAGES (300), BENCH_STORE_CHAIN (300; 0: none),
// BENCH_STORE_PROFILE=1 (agate under --cpu-prof, `store: true` only, no chain; the profile's directory is
// printed), BENCH_STORE_PORT (18845: the simulator's; agate's is the next).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Pool } from "undici";
import { startNode, stopAll, waitForHttp } from "./lib/processes.mjs";
import { markdownTable } from "./lib/report.mjs";
import { startSimulator } from "./lib/services.mjs";
import { median, percentiles } from "./lib/stats.mjs";

const REQUESTS = Number(process.env.BENCH_STORE_REQUESTS ?? 30);
const ROUNDS = Number(process.env.BENCH_STORE_ROUNDS ?? 3);
const MESSAGES = Number(process.env.BENCH_STORE_MESSAGES ?? 300);
const PROFILE = process.env.BENCH_STORE_PROFILE === "1";
const CHAIN = PROFILE ? 0 : Number(process.env.BENCH_STORE_CHAIN ?? 300);
const PORT = Number(process.env.BENCH_STORE_PORT ?? 18845);
const PORTS = { simulator: PORT, agate: PORT + 1 };
const KEY = "bench-key";
const main = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const home = mkdtempSync(join(tmpdir(), "agate-store-"));
const profileDir = mkdtempSync(join(tmpdir(), "agate-store-profile-"));

const history = Array.from({ length: MESSAGES }, (_, index) => ({
  role: index % 2 === 0 ? "user" : "assistant",
  content: `turn ${index}: ${"lorem ipsum dolor sit amet ".repeat(130)}`,
}));
const bodyOf = (store) =>
  JSON.stringify({
    model: "gemini-2.5-flash",
    input: [...history, { role: "user", content: "and?" }],
    store,
  });

const tools = Array.from({ length: 12 }, (_, index) => ({
  type: "function",
  name: `tool_${index}`,
  description: "Does one thing to the workspace. ".repeat(8),
  parameters: {
    type: "object",
    properties: { path: { type: "string", description: "A path in the workspace. ".repeat(4) } },
    required: ["path"],
  },
}));

async function send(pool, body) {
  const response = await pool.request({
    method: "POST",
    path: "/v1/responses",
    headers: { "content-type": "application/json" },
    body,
  });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`/v1/responses answered ${response.statusCode}: ${text}`);
  return text;
}

/** Latency (ms) of each turn of one conversation carried by previous_response_id. */
async function chain(pool, turns) {
  const samples = [];
  let previous;
  for (let turn = 0; turn < turns; turn++) {
    const body = JSON.stringify({
      model: "gemini-2.5-flash",
      tools,
      input: `turn ${turn}: ${"lorem ipsum ".repeat(40)}`,
      ...(previous === undefined ? {} : { previous_response_id: previous }),
    });
    const started = process.hrtime.bigint();
    previous = JSON.parse(await send(pool, body)).id;
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return samples;
}

async function timed(pool, body) {
  const samples = [];
  for (let index = 0; index < REQUESTS; index++) {
    const started = process.hrtime.bigint();
    await send(pool, body);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return percentiles(samples);
}

try {
  await startSimulator(main, PORTS.simulator, { key: KEY, scripted: false });
  const agate = startNode("agate", main, ["serve", "--port", String(PORTS.agate)], {
    env: { GEMINI_API_KEY: KEY, GEMINI_BASE_URL: `http://127.0.0.1:${PORTS.simulator}`, AGATE_HOME: home },
    nodeArgs: PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
  });
  await waitForHttp(`http://127.0.0.1:${PORTS.agate}/healthz`, { handle: agate });
  const pool = new Pool(`http://127.0.0.1:${PORTS.agate}`, { connections: 1 });
  const bodies = { true: bodyOf(true), false: bodyOf(false) };
  const kinds = PROFILE ? ["true"] : ["true", "false"];
  for (const kind of kinds) await timed(pool, bodies[kind]);
  const results = { true: [], false: [] };
  for (let round = 0; round < ROUNDS; round++)
    for (const kind of kinds) results[kind].push(await timed(pool, bodies[kind]));
  const turns = CHAIN > 0 ? await chain(pool, CHAIN) : [];
  await pool.close();
  const p50 = (kind) => median(results[kind].map((r) => r.p50));
  const rows = kinds.map((kind) => [
    `store: ${kind}`,
    p50(kind).toFixed(2),
    median(results[kind].map((r) => r.p99)).toFixed(2),
  ]);
  const size = (Buffer.byteLength(bodies.true) / 2 ** 20).toFixed(2);
  console.log(
    `${ROUNDS} rounds of ${REQUESTS} requests, ${MESSAGES} messages (${size} MB body), Node ${process.version}\n`,
  );
  console.log(markdownTable(["non-streaming /v1/responses", "latency p50 (ms)", "p99 (ms)"], rows));
  if (!PROFILE) console.log(`\nstore: true costs ${(p50("true") - p50("false")).toFixed(2)} ms more (p50)`);
  if (turns.length > 0) {
    const window = Math.min(50, Math.floor(turns.length / 2));
    const p50Of = (samples) => percentiles(samples).p50.toFixed(2);
    console.log(
      `\nA conversation of ${turns.length} turns by previous_response_id (12 tools echoed in each):\n`,
    );
    console.log(
      markdownTable(
        ["turns", "latency p50 (ms)"],
        [
          [`first ${window}`, p50Of(turns.slice(0, window))],
          [`last ${window}`, p50Of(turns.slice(-window))],
        ],
      ),
    );
  }
} finally {
  await stopAll();
  rmSync(home, { recursive: true, force: true });
  if (PROFILE) console.log(`profile in ${profileDir}`);
  else rmSync(profileDir, { recursive: true, force: true });
}
