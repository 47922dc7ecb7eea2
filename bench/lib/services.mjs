// How each measured process is started: the simulator, agate, the floor and the peer (Portkey). Every one
// gets the event-loop probe preloaded; only the peer gets its Node 20 shims.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startNode, stopProcess, waitForHttp } from "./processes.mjs";
import { MODELS, simulatorScripts } from "./workloads.mjs";

const bench = fileURLToPath(new URL("..", import.meta.url));
const agateMain = join(bench, "..", "dist", "cli", "main.js");
const peerDir = join(bench, "peers");
const peerMain = join(peerDir, "node_modules", "@portkey-ai", "gateway", "build", "start-server.js");
const probe = join(bench, "preload", "event-loop-probe.mjs");
const peerShims = join(bench, "preload", "peer-shims.mjs");

export const PEER_VERSION = JSON.parse(readFileSync(join(peerDir, "package.json"), "utf8")).dependencies[
  "@portkey-ai/gateway"
];

export function peerInstalled() {
  const manifest = join(peerDir, "node_modules", "@portkey-ai", "gateway", "package.json");
  return existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).version === PEER_VERSION;
}

/** The command line of each service, for the report and for `start`. */
/** The full benchmark's ports (bench/ab.mjs and bench/profile-pair.mjs use others, so both can run beside it). */
export const PORTS = {
  direct: 18046,
  agate: 18045,
  floor: 18047,
  peer: 8787,
  agateOpenai: 18048,
  agate2: 18049,
  floorFastify: 18050,
};

export function serviceCommands(ports, apiKey) {
  const floor = (script, port) => ({
    script: join(bench, "floor", script),
    args: ["--port", String(port), "--upstream", `http://127.0.0.1:${ports.direct}`, "--key", apiKey],
    health: { url: `http://127.0.0.1:${port}/healthz` },
  });
  return {
    direct: {
      script: agateMain,
      args: ["simulator", "--port", String(ports.direct), "--no-record"],
      health: {
        url: `http://127.0.0.1:${ports.direct}/v1beta/models`,
        headers: { "x-goog-api-key": apiKey },
      },
    },
    agate: {
      script: agateMain,
      args: ["serve", "--port", String(ports.agate)],
      env: {
        GEMINI_API_KEY: apiKey,
        GEMINI_BASE_URL: `http://127.0.0.1:${ports.direct}`,
        ...(process.env.BENCH_AGATE_LOG_LEVEL ? { AGATE_LOG_LEVEL: process.env.BENCH_AGATE_LOG_LEVEL } : {}),
      },
      home: true,
      health: { url: `http://127.0.0.1:${ports.agate}/healthz` },
    },
    // The same gateway in cluster mode: two workers sharing the port (issue 7's throughput on two cores).
    agate2: {
      script: agateMain,
      args: ["serve", "--port", String(ports.agate2), "--workers", "2"],
      // Serving processes, each warmed up as much as a single-process target (run.mjs).
      processes: 2,
      env: {
        GEMINI_API_KEY: apiKey,
        GEMINI_BASE_URL: `http://127.0.0.1:${ports.direct}`,
        ...(process.env.BENCH_AGATE_LOG_LEVEL ? { AGATE_LOG_LEVEL: process.env.BENCH_AGATE_LOG_LEVEL } : {}),
      },
      home: true,
      health: { url: `http://127.0.0.1:${ports.agate2}/healthz` },
    },
    // The pass-through comparison: agate with one `openai` account whose upstream is the floor (an
    // OpenAI-compatible server). Starting fails, and the comparison is skipped, while agate has no such kind.
    "openai-agate": {
      script: agateMain,
      args: ["serve", "--port", String(ports.agateOpenai)],
      env: process.env.BENCH_AGATE_LOG_LEVEL ? { AGATE_LOG_LEVEL: process.env.BENCH_AGATE_LOG_LEVEL } : {},
      home: true,
      config: {
        accounts: [
          { kind: "openai", base_url: `http://127.0.0.1:${ports.floor}/v1`, models: Object.values(MODELS) },
        ],
      },
      health: { url: `http://127.0.0.1:${ports.agateOpenai}/healthz` },
    },
    floor: floor("server.mjs", ports.floor),
    // The same floor on fastify, agate's framework: what the framework costs, apart from agate's own work.
    "floor-fastify": floor("fastify-server.mjs", ports.floorFastify),
    peer: {
      script: peerMain,
      // --headless: no log-viewer UI. Portkey has no /healthz; GET / answers "AI Gateway says hey!".
      args: ["--headless"],
      nodeArgs: ["--import", peerShims],
      cwd: peerDir,
      health: { url: `http://127.0.0.1:${ports.peer}/` },
    },
  };
}

/**
 * Starts one service and waits until it answers; `coldStartMs` is the time from spawn to that first answer.
 * `extraNodeArgs` (e.g. --cpu-prof) go before the script.
 */
export async function startService(name, command, { probeFile, extraNodeArgs = [] } = {}) {
  const home = command.home ? mkdtempSync(join(tmpdir(), "agate-bench-")) : undefined;
  if (command.config !== undefined) writeFileSync(join(home, "config.json"), JSON.stringify(command.config));
  const env = {
    ...command.env,
    ...(home === undefined ? {} : { AGATE_HOME: home }),
    ...(probeFile === undefined ? {} : { BENCH_PROBE_FILE: probeFile }),
  };
  const nodeArgs = [...(command.nodeArgs ?? []), "--import", probe, ...extraNodeArgs];
  const startedNs = process.hrtime.bigint();
  const handle = startNode(name, command.script, command.args, { env, cwd: command.cwd, nodeArgs });
  // Removed when the process exits, whoever stops it (stopService, stopAll, an interrupted run) or if it dies.
  handle.home = home;
  try {
    handle.coldStartMs = await waitForHttp(command.health.url, {
      headers: command.health.headers,
      sinceNs: startedNs,
      handle,
    });
  } catch (error) {
    await stopService(handle);
    throw error;
  }
  return handle;
}

/** Stops the service (its temporary AGATE_HOME goes with it, see processes.mjs). */
export async function stopService(handle) {
  await stopProcess(handle);
}

/**
 * Starts `agate simulator` (the build whose CLI is `main`) on `port`, outside the full run's services, and waits
 * until it answers. With `scripted` (the default) it also gets the benchmark's scripted models
 * (`simulatorScripts`: 500-chunk, slow and large answers).
 */
export async function startSimulator(main, port, { key = "bench-key", scripted = true } = {}) {
  const handle = startNode("simulator", main, ["simulator", "--port", String(port), "--no-record"]);
  const origin = `http://127.0.0.1:${port}`;
  await waitForHttp(`${origin}/v1beta/models`, { headers: { "x-goog-api-key": key }, handle });
  if (!scripted) return handle;
  for (const rule of simulatorScripts({ slowChunks: 20, slowChunkDelayMs: 100 })) {
    const response = await fetch(`${origin}/__sim/script`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(rule),
    });
    if (!response.ok) throw new Error(`the simulator refused a script: ${await response.text()}`);
  }
  return handle;
}
