// A/B of agate builds on the non-streaming hot path: `node bench/ab.mjs <dist dir> <dist dir> ...` (after
// `npm run build`; copy dist/ aside first to compare against it). One simulator; each build serves on its own
// port; rounds alternate the builds, autocannon at c=64 for BENCH_AB_SECONDS (5) each. Prints requests/s and
// the CPU time the agate process used per request (µs, from /proc). `<dist dir>@<node flag>[@<node flag>…]`
// runs that build with node flags (e.g. `dist@--max-semi-space-size=32`), `<dist dir>#NAME=value[#…]` with
// environment variables (e.g. `dist#AGATE_WORKERS=2`; CPU then counts the workers too). On a shared 2-core machine the CPU per
// request moves much less with other work than requests/s does. `floor` as an argument measures
// bench/floor/server.mjs the same way, `floor-fastify` bench/floor/fastify-server.mjs. Ports 18345+ (apart from the full benchmark's). Knobs:
// BENCH_AB_ROUNDS (3), BENCH_AB_SECONDS (5), BENCH_AB_CONNECTIONS (64), BENCH_AB_STREAM=1 (500-chunk streams:
// µs per chunk instead), BENCH_AB_RATE (requests/s overall, e.g. 1500: a load below saturation, where the CPU
// per request varies much less between rounds than at full load, whose batching depends on the machine),
// BENCH_AB_LATENCY=1 (the c=1 loop of the benchmark instead, 2,000 timed requests a round: p50 and p99 in ms),
// BENCH_AB_TTFB=1 (the same with short streams: time to the first body byte), BENCH_AB_RESPONSES=1 (agate's
// /v1/responses instead of its chat route, for every measurement; not for the floors), BENCH_AB_WORKLOAD
// (a workload of bench/lib/workloads.mjs for the c=64 and c=1 measurements instead of `small`,
// e.g. largeResponse: with BENCH_AB_RESPONSES=1, each answer stored is ≈ 150 KB; agentTurn, a coding agent's
// instructions and tools; codexTurn, the same with its whole history resent, store: false; smallStream, short
// streams read to their end, e.g. with BENCH_AB_RESPONSES=1 stored Responses streams). The last column
// compares each build with the first one round by round (see pairedDifference).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { latencyLoop, streams, throughput, ttfbLoop } from "./lib/load.mjs";
import { cpuSeconds, startNode, stopAll, waitForHttp } from "./lib/processes.mjs";
import { markdownTable } from "./lib/report.mjs";
import { startSimulator } from "./lib/services.mjs";
import { median } from "./lib/stats.mjs";
import { defineTargets, WORKLOADS } from "./lib/workloads.mjs";

const ROUNDS = Number(process.env.BENCH_AB_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_AB_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_AB_CONNECTIONS ?? 64);
const STREAM = process.env.BENCH_AB_STREAM === "1";
const TTFB = process.env.BENCH_AB_TTFB === "1";
const LATENCY = process.env.BENCH_AB_LATENCY === "1" || TTFB;
const RATE = process.env.BENCH_AB_RATE === undefined ? undefined : Number(process.env.BENCH_AB_RATE);
const RESPONSES = process.env.BENCH_AB_RESPONSES === "1";
const WORKLOAD = WORKLOADS[process.env.BENCH_AB_WORKLOAD ?? "small"];
if (WORKLOAD === undefined || WORKLOAD === WORKLOADS.chunks500 || WORKLOAD === WORKLOADS.slowStream)
  throw new Error(
    "BENCH_AB_WORKLOAD: small, smallStream, largeRequest, largeResponse, agentTurn or codexTurn",
  );
const SIMULATOR_PORT = 18345;
const KEY = "bench-key";
const builds = process.argv.slice(2);
if (builds.length === 0) {
  console.error("usage: node bench/ab.mjs <dist dir | floor | floor-fastify> [...]");
  process.exit(2);
}
/** The floor's two front ends, named as arguments. */
const FLOORS = { floor: "server.mjs", "floor-fastify": "fastify-server.mjs" };
const here = fileURLToPath(new URL(".", import.meta.url));
const mainDist = resolve(here, "../dist");
const homes = [];

async function start() {
  await startSimulator(join(mainDist, "cli/main.js"), SIMULATOR_PORT, { key: KEY });
  const targets = [];
  for (const [index, build] of builds.entries()) {
    const port = SIMULATOR_PORT + 1 + index;
    const upstream = `http://127.0.0.1:${SIMULATOR_PORT}`;
    let handle;
    if (FLOORS[build] !== undefined) {
      handle = startNode(build, join(here, "floor", FLOORS[build]), [
        ...["--port", String(port), "--upstream", upstream, "--key", KEY],
      ]);
    } else {
      const home = mkdtempSync(join(tmpdir(), "agate-ab-"));
      homes.push(home);
      const [spec = build, ...envPairs] = build.split("#");
      const [dir = spec, ...nodeArgs] = spec.split("@");
      const extraEnv = Object.fromEntries(envPairs.map((pair) => pair.split("=")));
      handle = startNode(build, join(resolve(dir), "cli/main.js"), ["serve", "--port", String(port)], {
        env: { GEMINI_API_KEY: KEY, GEMINI_BASE_URL: upstream, AGATE_HOME: home, ...extraEnv },
        nodeArgs,
      });
    }
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, { handle }).catch(() => undefined);
    const request =
      RESPONSES && FLOORS[build] === undefined
        ? defineTargets({ ports: { agate: port }, apiKey: KEY }).agate.responses
        : defineTargets({ ports: { floor: port }, apiKey: KEY }).floor.request;
    // Per round: `compared`, the figure the builds are compared by (CPU per request or chunk, or the c=1
    // p50), and `context`, the one shown beside it (requests or chunks per second, or the c=1 p99).
    targets.push({ build, handle, request, context: [], compared: [] });
  }
  return targets;
}

async function measure(target) {
  if (LATENCY) {
    const { p50, p99 } = TTFB
      ? await ttfbLoop(target.request(WORKLOADS.smallStream), { count: 2000 })
      : await latencyLoop(target.request(WORKLOAD), { count: 2000 });
    target.context.push(p99);
    target.compared.push(p50);
    return;
  }
  const before = cpuSeconds(target.handle.pid);
  if (STREAM) {
    const started = Date.now();
    const { results } = await streams(target.request(WORKLOADS.chunks500), { total: 40, concurrency: 4 });
    const chunks = results.reduce((sum, result) => sum + result.frames, 0);
    target.context.push(chunks / ((Date.now() - started) / 1000));
    target.compared.push(((cpuSeconds(target.handle.pid) - before) * 1e6) / chunks);
    return;
  }
  const result = await throughput(target.request(WORKLOAD), {
    connections: CONNECTIONS,
    seconds: SECONDS,
    ...(RATE === undefined ? {} : { rate: RATE }),
  });
  const requests = result.total;
  target.context.push(result.rps);
  target.compared.push(((cpuSeconds(target.handle.pid) - before) * 1e6) / requests);
}

/**
 * The first build's figure subtracted round by round (the two measured minutes apart at most, so a slow
 * stretch of the machine moves both): the median difference, and in how many rounds this build was lower.
 * The machine's drift between rounds is often larger than the change being measured; the per-round
 * difference is steadier than either median.
 */
const PAIRED = "− the first build, round by round: median (lower in)";
function pairedDifference(values, firstBuild, digits) {
  const differences = values.map((value, round) => value - (firstBuild[round] ?? Number.NaN));
  const lower = differences.filter((difference) => difference < 0).length;
  const sign = (value) => (value > 0 ? "+" : "");
  const middle = median(differences);
  return `${sign(middle)}${middle.toFixed(digits)} (${lower} of ${differences.length})`;
}

try {
  const targets = await start();
  for (const target of targets) {
    await throughput(target.request(WORKLOADS.small), { connections: 16, seconds: 2 });
    await streams(target.request(WORKLOADS.chunks500), { total: 4, concurrency: 2 });
  }
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) await measure(target);
  }
  const unit = STREAM ? "chunk" : "request";
  const digits = LATENCY ? 3 : 1;
  console.log(
    markdownTable(
      LATENCY
        ? ["build", "p99 ms (median)", "p50 ms (median)", "all rounds (p50 ms)", PAIRED]
        : [
            "build",
            STREAM ? "chunks/s" : "requests/s",
            `CPU µs per ${unit} (median)`,
            "all rounds (µs)",
            PAIRED,
          ],
      targets.map((target, index) => [
        target.build,
        median(target.context).toFixed(LATENCY ? 3 : 0),
        median(target.compared).toFixed(digits),
        target.compared.map((value) => value.toFixed(digits)).join(", "),
        index === 0 ? "—" : pairedDifference(target.compared, targets[0].compared, digits),
      ]),
    ),
  );
} finally {
  await stopAll();
  for (const home of homes) rmSync(home, { recursive: true, force: true });
}
