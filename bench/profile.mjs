// CPU profiles of agate under the benchmark's load: `node bench/profile.mjs` (after `npm run build`).
// For each path (c=1 sequential, c=64 autocannon, 500-chunk streams, and a cold start) it starts agate with `node --cpu-prof`,
// drives it, stops it, and prints where the time went: by package, by function (self time), and by agate
// function (self + callees). Profiles are kept in a temp dir (printed) for Chrome DevTools or speedscope.
// Knobs: BENCH_PROFILE_REQUESTS (c=1, default 5000), BENCH_PROFILE_SECONDS (c=64, default 10),
// BENCH_PROFILE_STREAMS (500-chunk streams, 4 at a time, default 100), BENCH_PROFILE_ONLY (comma-separated
// paths among c1,c64,stream,cold; default all).
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { latencyLoop, streams, throughput } from "./lib/load.mjs";
import { stopAll } from "./lib/processes.mjs";
import { markdownTable } from "./lib/report.mjs";
import { PORTS, serviceCommands, startService, stopService } from "./lib/services.mjs";
import { mapProfileToSources, packageName } from "./lib/source-maps.mjs";
import { defineTargets, simulatorScripts, WORKLOADS } from "./lib/workloads.mjs";

const API_KEY = "bench-key";
const REQUESTS = Number(process.env.BENCH_PROFILE_REQUESTS ?? 5000);
const SECONDS = Number(process.env.BENCH_PROFILE_SECONDS ?? 10);
const STREAMS = Number(process.env.BENCH_PROFILE_STREAMS ?? 100);
const ONLY = (process.env.BENCH_PROFILE_ONLY ?? "c1,c64,stream,cold").split(",");
// The c=1 and c=64 tables start at the first sample inside the chat route: start-up has its own profile.
const ROUTE = "server/routes/chat-completions.ts";
const outDir = mkdtempSync(join(tmpdir(), "agate-profiles-"));
const agateSources = fileURLToPath(new URL("../src/", import.meta.url));
const isAgate = (url) => url.includes(agateSources);

/** A readable name for a profile frame: agate's own files as src/…ts, packages by name, Node internals. */
function place(url) {
  if (url === "") return "";
  if (isAgate(url)) return `src/${url.slice(url.indexOf(agateSources) + agateSources.length)}`;
  const modules = url.lastIndexOf("/node_modules/");
  if (modules >= 0) return url.slice(modules + "/node_modules/".length);
  return url.replace(/^node:/, "node:");
}

function packageOf(url) {
  if (url === "") return "(native, GC, idle)";
  if (isAgate(url)) return "agate (src/)";
  const inPackage = packageName(url);
  if (inPackage !== undefined) return inPackage;
  if (url.startsWith("node:")) return "node internals";
  return url;
}

/**
 * Self and inclusive milliseconds per function, and self milliseconds per package. With `fromFirst`, samples
 * before the first one whose stack contains that file are skipped (start-up is profiled separately).
 */
export function analyse(profile, fromFirst) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const key = (node) => {
    const frame = node.callFrame;
    return `${frame.functionName || "(anonymous)"} ${place(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ""}`;
  };
  const self = new Map();
  const inclusive = new Map();
  const packages = new Map();
  let total = 0;
  let started = fromFirst === undefined;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const node = byId.get(id);
    if (node === undefined) return;
    if (!started) {
      for (let at = node; at !== undefined && !started; at = byId.get(parent.get(at.id)))
        started = at.callFrame.url.endsWith(fromFirst);
      if (!started) return;
    }
    if (node.callFrame.functionName === "(idle)") return;
    total += ms;
    self.set(key(node), (self.get(key(node)) ?? 0) + ms);
    const pkg = packageOf(node.callFrame.url);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
    const seen = new Set();
    for (let at = node; at !== undefined; at = byId.get(parent.get(at.id))) {
      if (!isAgate(at.callFrame.url)) continue;
      const name = key(at);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
    }
  });
  const top = (map, count) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
  return { total, self: top(self, 25), inclusive: top(inclusive, 25), packages: top(packages, 12) };
}

function print(title, profileFile, fromFirst) {
  const result = analyse(mapProfileToSources(JSON.parse(readFileSync(profileFile, "utf8"))), fromFirst);
  const pct = (ms) => `${((100 * ms) / result.total).toFixed(1)}%`;
  const rows = (entries) => entries.map(([name, ms]) => [`\`${name}\``, ms.toFixed(0), pct(ms)]);
  process.stdout.write(
    [
      `\n## ${title} — ${result.total.toFixed(0)} ms of busy CPU sampled (${profileFile})\n`,
      markdownTable(["package", "self ms", "share"], rows(result.packages)),
      "",
      markdownTable(["function (self time)", "self ms", "share"], rows(result.self)),
      "",
      markdownTable(["agate function (self + callees)", "ms", "share"], rows(result.inclusive)),
      "",
    ].join("\n"),
  );
}

async function profiled(name, drive) {
  const commands = serviceCommands(PORTS, API_KEY);
  const dir = join(outDir, name);
  const agate = await startService("agate (profiled)", commands.agate, {
    extraNodeArgs: ["--cpu-prof", `--cpu-prof-dir=${dir}`],
  });
  await drive();
  await stopService(agate);
  const file = readdirSync(dir).find((entry) => entry.endsWith(".cpuprofile"));
  if (file === undefined) throw new Error(`no profile written in ${dir}`);
  return join(dir, file);
}

async function main() {
  const commands = serviceCommands(PORTS, API_KEY);
  const simulator = await startService("simulator", commands.direct);
  const targets = defineTargets({ ports: PORTS, apiKey: API_KEY });
  for (const rule of simulatorScripts({ slowChunks: 20, slowChunkDelayMs: 100 })) {
    await fetch(`${targets.direct.request(WORKLOADS.small).origin}/__sim/script`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(rule),
    });
  }
  const request = targets.agate.request(WORKLOADS.small);
  try {
    if (ONLY.includes("c1"))
      print(
        `c=1: ${REQUESTS} sequential non-streaming requests`,
        await profiled("c1", () => latencyLoop(request, { count: REQUESTS, warmup: 200 })),
        ROUTE,
      );
    if (ONLY.includes("c64"))
      print(
        `c=64: autocannon for ${SECONDS} s`,
        await profiled("c64", () => throughput(request, { connections: 64, seconds: SECONDS })),
        ROUTE,
      );
    if (ONLY.includes("stream"))
      print(
        `streaming: ${STREAMS} streams of 500 chunks, 4 at a time`,
        await profiled("stream", () =>
          streams(targets.agate.request(WORKLOADS.chunks500), { total: STREAMS, concurrency: 4 }),
        ),
        ROUTE,
      );
    if (ONLY.includes("cold"))
      print("cold start: spawn → first /healthz, then stop", await profiled("cold", async () => {}));
  } finally {
    await stopService(simulator);
    await stopAll();
  }
}

main().catch(async (error) => {
  process.stderr.write(`profile failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  await stopAll();
  process.exit(1);
});
