// agate's benchmark (issue 7): agate next to the direct call to its simulator, a bare floor proxy and a peer
// gateway (Portkey), all on this machine and on 127.0.0.1 only. `npm run bench` builds agate, then runs this.
// Knobs (env): see CONFIG below and bench/README.md. Every child process is stopped at the end, even on failure.
import { execFileSync, execSync } from "node:child_process";
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { latencyLoop, streams, throughput } from "./lib/load.mjs";
import { machineBusySeconds, rssMb, stopAll } from "./lib/processes.mjs";
import { markdownTable } from "./lib/report.mjs";
import { PEER_VERSION, PORTS, peerInstalled, serviceCommands, startService } from "./lib/services.mjs";
import { sleep } from "./lib/stats.mjs";
import { defineTargets, simulatorScripts, WORKLOADS } from "./lib/workloads.mjs";
import { measureLargeBodies, reportLargeBodies } from "./measure/large-bodies.mjs";
import { measureLatency, reportLatency } from "./measure/latency.mjs";
import { measurePassThrough, reportPassThrough } from "./measure/pass-through.mjs";
import { measureResponses, reportResponses } from "./measure/responses.mjs";
import { measureStartup, reportStartup } from "./measure/startup.mjs";
import { measureStreaming, reportStreaming } from "./measure/streaming.mjs";
import { measureThroughput, reportThroughput } from "./measure/throughput.mjs";

const env = (name, fallback) => Number(process.env[name] ?? fallback);
const CONFIG = {
  rounds: env("BENCH_ROUNDS", 3),
  latencyRequests: env("BENCH_LATENCY_REQUESTS", 1500),
  seconds: env("BENCH_SECONDS", 5),
  streamRequests: env("BENCH_STREAM_REQUESTS", 300),
  chunkStreams: env("BENCH_CHUNK_STREAMS", 40),
  concurrentStreams: env("BENCH_CONCURRENT_STREAMS", 1000),
  slowChunks: env("BENCH_SLOW_CHUNKS", 20),
  slowChunkDelayMs: env("BENCH_SLOW_CHUNK_DELAY_MS", 100),
  largeRequests: env("BENCH_LARGE_REQUESTS", 30),
  warmupSeconds: env("BENCH_WARMUP_SECONDS", 2),
};
const ALL_TARGETS = ["direct", "floor", "floor-fastify", "agate", "agate2", "peer"];
const ALL_PARTS = ["startup", "latency", "throughput", "streaming", "large", "responses", "pass-through"];
const list = (name, all) => (process.env[name] ? process.env[name].split(",").map((s) => s.trim()) : all);
const names = ["direct", ...list("BENCH_TARGETS", ALL_TARGETS).filter((n) => n !== "direct")];
const parts = list("BENCH_ONLY", ALL_PARTS);
const API_KEY = "bench-key";
const bench = fileURLToPath(new URL(".", import.meta.url));
const startedAt = Date.now();
const loadAtStart = loadavg()[0];
const log = (line) => process.stdout.write(`[${((Date.now() - startedAt) / 1000).toFixed(0)}s] ${line}\n`);

function installPeer() {
  if (!names.includes("peer") || peerInstalled()) return;
  log(`installing @portkey-ai/gateway ${PEER_VERSION} into bench/peers (npm ci --ignore-scripts)`);
  execFileSync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], {
    cwd: join(bench, "peers"),
    stdio: "inherit",
  });
}

async function scriptSimulator() {
  const rules = simulatorScripts({
    slowChunks: CONFIG.slowChunks,
    slowChunkDelayMs: CONFIG.slowChunkDelayMs,
  });
  for (const rule of rules) {
    const response = await fetch(`http://127.0.0.1:${PORTS.direct}/__sim/script`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(rule),
    });
    if (!response.ok) throw new Error(`the simulator refused a script: ${await response.text()}`);
  }
}

/**
 * Untimed load on every target first, so that no measurement pays for the JIT's warm-up. The sequential
 * requests too: after 2 s at c=16 alone, agate's first c=1 round still came out ≈ 40% slower than its third
 * (1.023, 0.860, 0.736 ms p50), the floor's ≈ 15%.
 */
async function warmUp(ctx) {
  for (const name of ctx.names) {
    // Each serving process gets the same warm-up: a cluster's workers share the connections, and the
    // sequential loop's one connection reaches one worker only (each new connection goes to the next one).
    const processes = ctx.commands[name].processes ?? 1;
    await throughput(ctx.targets[name].request(WORKLOADS.small), {
      connections: 16 * processes,
      seconds: CONFIG.warmupSeconds * processes,
    });
    for (let round = 0; round < processes; round++)
      await latencyLoop(ctx.targets[name].request(WORKLOADS.small), { count: CONFIG.latencyRequests });
    await streams(ctx.targets[name].request(WORKLOADS.smallStream), {
      total: 200 * processes,
      concurrency: 8,
    });
    await streams(ctx.targets[name].request(WORKLOADS.chunks500), { total: 4 * processes, concurrency: 2 });
  }
}

function machine() {
  const commit = (() => {
    if (process.env.BENCH_COMMIT) return process.env.BENCH_COMMIT;
    try {
      const head = execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
      const dirty = execSync("git status --porcelain -- src", { encoding: "utf8" }).trim() !== "";
      return dirty ? `${head} + uncommitted changes in src/` : head;
    } catch {
      return "unknown";
    }
  })();
  return {
    commit,
    text: `${cpus().length} cores (nproc; ${cpus()[0]?.model ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}, ${process.platform}`,
  };
}

function commandLines(commands) {
  const shown = [...names, ...(parts.includes("pass-through") ? ["openai-agate"] : [])];
  const line = (name) => {
    const c = commands[name];
    const nodeArgs = [...(c.nodeArgs ?? []), "--import", "bench/preload/event-loop-probe.mjs"]
      .map((arg) => arg.replace(bench, "bench/"))
      .join(" ");
    const script = c.script.replace(join(bench, ".."), "").replace(/^\//, "");
    const env = Object.entries(c.env ?? {}).map(([key, value]) => `${key}=${value}`);
    if (c.home) env.push("AGATE_HOME=<fresh temp dir>");
    const notes = [
      env.length > 0 ? `env ${env.join(" ")}` : "",
      c.config ? `$AGATE_HOME/config.json ${JSON.stringify(c.config)}` : "",
      c.home && !c.env?.AGATE_LOG_LEVEL ? "log level: agate's default (info)" : "",
    ].filter((note) => note !== "");
    return `- ${name}: \`node ${nodeArgs} ${script} ${c.args.join(" ")}\`${notes.length > 0 ? `; ${notes.join("; ")}` : ""}`;
  };
  return shown.map(line).join("\n");
}

/** CPU used by other work on the machine over two seconds before the run, in % of one core. */
async function otherWorkBeforeStart() {
  const before = machineBusySeconds();
  await sleep(2000);
  return (100 * (machineBusySeconds() - before)) / 2;
}

async function main() {
  installPeer();
  const busyBefore = await otherWorkBeforeStart();
  if (busyBefore > 20)
    log(`warning: other work is using ${busyBefore.toFixed(0)}% of a core; figures will be noisy`);
  const commands = serviceCommands(PORTS, API_KEY);
  const probeDir = mkdtempSync(join(tmpdir(), "agate-bench-probe-"));
  const probeFiles = Object.fromEntries(names.map((name) => [name, join(probeDir, `${name}.json`)]));
  const ctx = { config: CONFIG, names, commands, probeFiles, log, handles: {} };
  ctx.targets = defineTargets({ ports: PORTS, apiKey: API_KEY });
  const sections = [];
  const goals = [];
  const add = (title, reported) => {
    sections.push(`#### ${title}\n\n${reported.table}\n`);
    goals.push(...reported.goals);
  };
  try {
    log("starting the simulator");
    ctx.handles.direct = await startService("simulator", commands.direct, { probeFile: probeFiles.direct });
    await sleep(1000);
    ctx.simulatorIdleRss = rssMb(ctx.handles.direct.pid);
    await scriptSimulator();
    if (parts.includes("startup")) {
      log("5. cold start and idle RSS");
      add("5. Cold start and idle RSS", reportStartup(await measureStartup(ctx), ctx));
    }
    for (const name of names.filter((n) => n !== "direct")) {
      log(`starting ${name}`);
      ctx.handles[name] = await startService(name, commands[name], { probeFile: probeFiles[name] });
    }
    log("warming up every target (untimed)");
    await warmUp(ctx);
    if (parts.includes("latency")) {
      log("1. latency at c=1");
      add("1. Added latency at concurrency 1", reportLatency(await measureLatency(ctx), ctx));
    }
    if (parts.includes("throughput")) {
      log("2. throughput at c=64");
      add("2. Throughput at concurrency 64", reportThroughput(await measureThroughput(ctx), ctx));
    }
    if (parts.includes("streaming")) {
      log("3. streaming");
      add("3. Streaming", reportStreaming(await measureStreaming(ctx), ctx));
    }
    if (parts.includes("large")) {
      log("4. large bodies");
      add("4. Large bodies", reportLargeBodies(await measureLargeBodies(ctx), ctx));
    }
    if (parts.includes("responses")) {
      log("6. /v1/responses streaming");
      add("6. /v1/responses streaming", reportResponses(await measureResponses(ctx)));
    }
    if (parts.includes("pass-through")) {
      log("pass-through: the `openai` account kind vs the peer's `openai` provider");
      add("Pass-through (OpenAI-compatible upstream)", reportPassThrough(await measurePassThrough(ctx)));
    }
  } finally {
    await stopAll();
    rmSync(probeDir, { recursive: true, force: true });
  }
  const { commit, text } = machine();
  const minutes = ((Date.now() - startedAt) / 60_000).toFixed(1);
  const knobs = Object.entries(CONFIG)
    .map(([key, value]) => `${key}=${value}`)
    .join(", ");
  const report = [
    "",
    `### ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC — commit ${commit}`,
    "",
    `Machine: ${text}. Command: \`npm run bench\` (${minutes} min; ${knobs}; targets ${names.join(", ")}; parts ${parts.join(", ")}).`,
    "Each cell: median over the rounds (min–max). The load generator runs in the benchmark's own process on the same cores.",
    `Other work on the machine just before the run: ${busyBefore.toFixed(0)}% of one core (2 s sample); load average (1 min) at the start ${loadAtStart.toFixed(2)}, at the end ${loadavg()[0].toFixed(2)}.`,
    "Processes:",
    "",
    commandLines(commands),
    "",
    ...sections,
    "#### Targets of issue 7",
    "",
    markdownTable(
      ["target", "measured (medians)", "met?"],
      [...goals.map((g) => [g.goal, g.measured, g.met])],
    ),
    "",
  ].join("\n");
  if (process.env.BENCH_NO_README) process.stdout.write(report);
  else {
    appendFileSync(join(bench, "README.md"), report);
    process.stdout.write(`${report}\nappended to bench/README.md\n`);
  }
}

main().catch(async (error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  await stopAll();
  process.exit(1);
});
