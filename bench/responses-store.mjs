// What keeping a Responses answer costs when the request carries a long history: `POST /v1/responses` with
// ≈ 1 MB of input (300 messages, as a client that resends its whole conversation sends it), non-streaming,
// `store: true` (the API's default) against `store: false`, one at a time. The save runs before the answer
// goes out, so that a `previous_response_id` sent right after always finds it: its cost is latency.
// `node bench/responses-store.mjs` after `npm run build`. Knobs: BENCH_STORE_REQUESTS (30 per round),
// BENCH_STORE_ROUNDS (3, alternating), BENCH_STORE_MESSAGES (300), BENCH_STORE_PROFILE=1 (agate under
// --cpu-prof, `store: true` only; the profile's directory is printed).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Pool } from "undici";
import { startNode, stopAll, waitForHttp } from "./lib/processes.mjs";
import { markdownTable } from "./lib/report.mjs";
import { median, percentiles } from "./lib/stats.mjs";

const REQUESTS = Number(process.env.BENCH_STORE_REQUESTS ?? 30);
const ROUNDS = Number(process.env.BENCH_STORE_ROUNDS ?? 3);
const MESSAGES = Number(process.env.BENCH_STORE_MESSAGES ?? 300);
const PROFILE = process.env.BENCH_STORE_PROFILE === "1";
const PORTS = { simulator: 18845, agate: 18846 };
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

async function timed(pool, body) {
  const samples = [];
  for (let index = 0; index < REQUESTS; index++) {
    const started = process.hrtime.bigint();
    const response = await pool.request({
      method: "POST",
      path: "/v1/responses",
      headers: { "content-type": "application/json" },
      body,
    });
    await response.body.text();
    if (response.statusCode !== 200) throw new Error(`/v1/responses answered ${response.statusCode}`);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return percentiles(samples);
}

try {
  const simulator = startNode("simulator", main, [
    "simulator",
    "--port",
    String(PORTS.simulator),
    "--no-record",
  ]);
  await waitForHttp(`http://127.0.0.1:${PORTS.simulator}/v1beta/models`, {
    headers: { "x-goog-api-key": KEY },
    handle: simulator,
  });
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
} finally {
  await stopAll();
  rmSync(home, { recursive: true, force: true });
  if (PROFILE) console.log(`profile in ${profileDir}`);
  else rmSync(profileDir, { recursive: true, force: true });
}
