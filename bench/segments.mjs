// Where agate's added latency at c=1 goes, beside the fastify floor's: both serve the same sequential loop
// with bench/preload/segments.mjs preloaded, and each request's time is cut at the upstream call (the
// request in → the call made → its request written → the upstream's head → its body → the response
// finished). The upstream's own time is the same for both; the rest is each gateway's work before and after
// it. `node bench/segments.mjs` after `npm run build`. Knobs: BENCH_SEGMENTS_ROUNDS (4, alternating the
// two), BENCH_SEGMENTS_REQUESTS (2000 per round), BENCH_SEGMENTS_WORKLOAD (small; any of
// bench/lib/workloads.mjs that is not streamed, e.g. largeRequest or largeResponse with fewer requests).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { latencyLoop, throughput } from "./lib/load.mjs";
import { startNode, stopAll, stopProcess, waitForHttp } from "./lib/processes.mjs";
import { markdownTable } from "./lib/report.mjs";
import { startSimulator } from "./lib/services.mjs";
import { median } from "./lib/stats.mjs";
import { defineTargets, WORKLOADS } from "./lib/workloads.mjs";

const ROUNDS = Number(process.env.BENCH_SEGMENTS_ROUNDS ?? 4);
const REQUESTS = Number(process.env.BENCH_SEGMENTS_REQUESTS ?? 2000);
const WORKLOAD = WORKLOADS[process.env.BENCH_SEGMENTS_WORKLOAD ?? "small"];
if (WORKLOAD === undefined || WORKLOAD.stream) {
  throw new Error(`BENCH_SEGMENTS_WORKLOAD: one of ${Object.keys(WORKLOADS).join(", ")}, not streamed`);
}
const KEY = "bench-key";
const PORTS = { simulator: 18545, floor: 18546, agate: 18547 };
const here = fileURLToPath(new URL(".", import.meta.url));
const main = join(here, "../dist/cli/main.js");
const preload = join(here, "preload/segments.mjs");
const upstream = `http://127.0.0.1:${PORTS.simulator}`;
const work = mkdtempSync(join(tmpdir(), "agate-segments-"));

/** The cuts, as [label, from, to] over a request's marks. */
const SEGMENTS = [
  ["request in → upstream call made (hooks, body, decode, routing, pool, encoding)", "start", "create"],
  ["upstream call made → its request written", "create", "sent"],
  ["request written → the upstream's head (the simulator and the loopback)", "sent", "head"],
  ["the upstream's head → its body's end", "head", "body"],
  ["the upstream's body → the response finished (decode, encode, send)", "body", "finish"],
  ["**the gateway's own share** (the first and the last row)", null, null],
  ["whole request, as the gateway saw it", "start", "finish"],
  ["the response finished → the work after it done (close handlers, logs, bookkeeping)", "finish", "settled"],
  ["the previous response finished → this request in (the client's turn, or a wait for the gateway)", "gap"],
];

async function start(name, script, args, env) {
  const out = join(work, `${name}.json`);
  const handle = startNode(name, script, args, {
    env: { ...env, BENCH_SEGMENTS_OUT: out },
    nodeArgs: ["--import", preload],
  });
  const port = Number(args[args.indexOf("--port") + 1]);
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, { handle });
  const request = defineTargets({ ports: { floor: port }, apiKey: KEY }).floor.request(WORKLOAD);
  await throughput(request, { connections: 16, seconds: 3 });
  await latencyLoop(request, { count: Math.min(REQUESTS, 2000), warmup: 0 });
  const marked = { ...request, headers: { ...request.headers, "x-bench-segments": "1" } };
  return { name, handle, out, request: marked, p50: [] };
}

try {
  await startSimulator(main, PORTS.simulator, { key: KEY });
  const targets = [
    await start(
      "floor-fastify",
      join(here, "floor/fastify-server.mjs"),
      ["--port", String(PORTS.floor), "--upstream", upstream, "--key", KEY],
      {},
    ),
    await start("agate", main, ["serve", "--port", String(PORTS.agate)], {
      GEMINI_API_KEY: KEY,
      GEMINI_BASE_URL: upstream,
      AGATE_HOME: join(work, "agate-home"),
    }),
  ];
  for (let round = 0; round < ROUNDS; round++) {
    for (const target of round % 2 === 0 ? targets : [...targets].reverse()) {
      target.p50.push((await latencyLoop(target.request, { count: REQUESTS, warmup: 0 })).p50);
    }
  }
  for (const target of targets) await stopProcess(target.handle);
  const cuts = targets.map((target) => JSON.parse(readFileSync(target.out, "utf8")));
  const medianUs = (marks, from, to) =>
    1000 *
    median(marks.flatMap((mark) => (to === undefined ? [mark[from] ?? []].flat() : [mark[to] - mark[from]])));
  const ownUs = (marks) =>
    1000 * median(marks.map((mark) => mark.create - mark.start + (mark.finish - mark.body)));
  const rows = SEGMENTS.map(([label, from, to]) => {
    const [floor, agate] = cuts.map((marks) => (from === null ? ownUs(marks) : medianUs(marks, from, to)));
    return [label, floor.toFixed(1), agate.toFixed(1), (agate - floor).toFixed(1)];
  });
  console.log(
    `${ROUNDS} rounds of ${REQUESTS} sequential requests each (workload ${process.env.BENCH_SEGMENTS_WORKLOAD ?? "small"}); ` +
      `requests cut: ${cuts.map((marks) => marks.length).join(" and ")}; ` +
      `latency p50 at the client (median of rounds): ${targets.map((target) => `${median(target.p50).toFixed(3)} ms`).join(" and ")}\n`,
  );
  console.log(markdownTable(["µs per request (medians)", "floor-fastify", "agate", "difference"], rows));
} finally {
  await stopAll();
  rmSync(work, { recursive: true, force: true });
}
