// Where agate's CPU per request goes beyond the fastify floor's: both profiled (`node --cpu-prof`) under the
// same fixed load, one after the other, and their self time compared per request, by package and by
// agate's file. `node bench/profile-pair.mjs` after `npm run build`. Knobs: BENCH_PAIR_RATE (requests/s,
// 1500), BENCH_PAIR_SECONDS (10), BENCH_PAIR_SEQUENTIAL (0; N: N requests
// one at a time on one connection instead, after 2,000 untimed), BENCH_PAIR_ROWS (30, then the 8 where agate
// spends the least beside the floor), BENCH_PAIR_WORKLOAD (small; largeRequest or largeResponse, the 1 MB
// request and the 150 KB answer of bench/lib/workloads.mjs, are best run with BENCH_PAIR_SEQUENTIAL=300). A fixed load below saturation keeps the batching per
// event-loop turn alike for both, so the difference is work, not scheduling.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { latencyLoop, throughput } from "./lib/load.mjs";
import { cpuSeconds, startNode, stopAll, stopProcess, waitForHttp } from "./lib/processes.mjs";
import { markdownTable } from "./lib/report.mjs";
import { startSimulator } from "./lib/services.mjs";
import { mapProfileToSources, packageName } from "./lib/source-maps.mjs";
import { defineTargets, WORKLOADS } from "./lib/workloads.mjs";

const RATE = Number(process.env.BENCH_PAIR_RATE ?? 1500);
const SECONDS = Number(process.env.BENCH_PAIR_SECONDS ?? 10);
/** With BENCH_PAIR_SEQUENTIAL=N: N sequential requests on one connection (c=1) instead of the fixed load. */
const SEQUENTIAL = Number(process.env.BENCH_PAIR_SEQUENTIAL ?? 0);
const ROWS = Number(process.env.BENCH_PAIR_ROWS ?? 30);
const WORKLOAD = WORKLOADS[process.env.BENCH_PAIR_WORKLOAD ?? "small"];
if (WORKLOAD === undefined)
  throw new Error(`BENCH_PAIR_WORKLOAD: one of ${Object.keys(WORKLOADS).join(", ")}`);
const KEY = "bench-key";
const PORTS = { simulator: 18445, floor: 18446, agate: 18447 };
const here = fileURLToPath(new URL(".", import.meta.url));
const main = join(here, "../dist/cli/main.js");
const agateSources = fileURLToPath(new URL("../src/", import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), "agate-pair-"));
/** agate's store for the run: removed at the end (the profiles in outDir stay, for reading). */
const agateHome = mkdtempSync(join(tmpdir(), "agate-pair-home-"));
const upstream = `http://127.0.0.1:${PORTS.simulator}`;

/**
 * The profile's self time per key (package, Node file or agate's file), in ms, over the samples taken between
 * `fromUs` and `toUs` (the monotonic clock that both process.hrtime and V8's profiler read).
 */
function selfTimes(file, fromUs, toUs) {
  const profile = mapProfileToSources(JSON.parse(readFileSync(file, "utf8")));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const times = new Map();
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    at += profile.timeDeltas[index] ?? 0;
    if (at < fromUs || at > toUs) return;
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined || frame.functionName === "(idle)") return;
    const key = keyOf(frame);
    times.set(key, (times.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  return times;
}

function keyOf({ url, functionName }) {
  if (url === "") return `(${functionName.replace(/[()]/g, "")})`;
  if (url.includes(agateSources)) return `src/${url.slice(url.indexOf(agateSources) + agateSources.length)}`;
  const inPackage = packageName(url);
  if (inPackage !== undefined) return inPackage;
  if (url.includes("/bench/floor/")) return "bench/floor";
  return url;
}

async function profiled(name, script, args, env, healthPath) {
  const dir = join(outDir, name);
  const handle = startNode(name, script, args, { env, nodeArgs: ["--cpu-prof", "--cpu-prof-dir", dir] });
  const port = Number(args[args.indexOf("--port") + 1]);
  await waitForHttp(`http://127.0.0.1:${port}${healthPath}`, { handle });
  const request = defineTargets({ ports: { floor: port }, apiKey: KEY }).floor.request(WORKLOAD);
  await throughput(request, { connections: 16, seconds: 3 });
  if (SEQUENTIAL) await latencyLoop(request, { count: Math.min(2000, SEQUENTIAL), warmup: 0 });
  const before = cpuSeconds(handle.pid);
  const fromUs = Number(process.hrtime.bigint() / 1000n);
  const result = SEQUENTIAL
    ? { total: SEQUENTIAL, ...(await latencyLoop(request, { count: SEQUENTIAL, warmup: 0 })) }
    : await throughput(request, { connections: 64, seconds: SECONDS, rate: RATE });
  const cpuUs = ((cpuSeconds(handle.pid) - before) * 1e6) / result.total;
  const toUs = Number(process.hrtime.bigint() / 1000n);
  await stopProcess(handle);
  const file = join(
    dir,
    readdirSync(dir).find((entry) => entry.endsWith(".cpuprofile")),
  );
  return { requests: result.total, cpuUs, p50: result.p50, times: selfTimes(file, fromUs, toUs) };
}

try {
  await startSimulator(main, PORTS.simulator, { key: KEY });
  const floor = await profiled(
    "floor-fastify",
    join(here, "floor/fastify-server.mjs"),
    ["--port", String(PORTS.floor), "--upstream", upstream, "--key", KEY],
    {},
    "/healthz",
  );
  const agate = await profiled(
    "agate",
    main,
    ["serve", "--port", String(PORTS.agate)],
    {
      GEMINI_API_KEY: KEY,
      GEMINI_BASE_URL: upstream,
      AGATE_HOME: agateHome,
    },
    "/healthz",
  );
  const perRequest = (run, key) => ((run.times.get(key) ?? 0) * 1000) / run.requests;
  const keys = [...new Set([...floor.times.keys(), ...agate.times.keys()])];
  const rows = keys
    .map((key) => [key, perRequest(floor, key), perRequest(agate, key)])
    .sort((a, b) => b[2] - b[1] - (a[2] - a[1]));
  const total = (run) => keys.reduce((sum, key) => sum + perRequest(run, key), 0);
  const load = SEQUENTIAL
    ? `one at a time (c=1; latency p50 ${floor.p50.toFixed(3)} and ${agate.p50.toFixed(3)} ms)`
    : `at ${RATE}/s`;
  console.log(`profiles in ${outDir}; ${floor.requests} and ${agate.requests} requests ${load}\n`);
  console.log(
    markdownTable(
      ["self time (µs per request)", "floor-fastify", "agate", "difference"],
      [
        [
          "CPU per request from /proc (µs, profiler running)",
          floor.cpuUs.toFixed(1),
          agate.cpuUs.toFixed(1),
          (agate.cpuUs - floor.cpuUs).toFixed(1),
        ],
        [
          "all sampled",
          total(floor).toFixed(1),
          total(agate).toFixed(1),
          (total(agate) - total(floor)).toFixed(1),
        ],
        ...[...rows.slice(0, ROWS), ...rows.slice(ROWS).slice(-8)].map(([key, a, b]) => [
          `\`${key}\``,
          a.toFixed(1),
          b.toFixed(1),
          (b - a).toFixed(1),
        ]),
      ],
    ),
  );
} finally {
  await stopAll();
  rmSync(agateHome, { recursive: true, force: true });
}
