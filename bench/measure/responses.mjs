// 6. /v1/responses streaming: the same streaming figures as for chat (time to first byte, CPU per chunk), for
// agate's Responses route beside its chat route and the direct call; and, not streamed, requests/s at c=64
// with the response stored (the API's default) against chat, for the small request and for a coding agent's
// turn (10 KB of instructions, 20 tools: WORKLOADS.agentTurn); and short streams at c=64, stored too.
// Skipped while agate has no such route.
import { request as httpRequest } from "undici";
import { streams, throughput, ttfbLoop } from "../lib/load.mjs";
import { cpuSeconds } from "../lib/processes.mjs";
import { added, goal, markdownTable, pick, row } from "../lib/report.mjs";
import { median } from "../lib/stats.mjs";
import { WORKLOADS } from "../lib/workloads.mjs";
import { inRounds } from "./rounds.mjs";

const CHUNKS = 500;
const NAMES = ["direct", "agate chat", "agate responses"];

function requestFor(ctx, name, workload) {
  if (name === "direct") return ctx.targets.direct.request(workload);
  if (name === "agate chat") return ctx.targets.agate.request(workload);
  return ctx.targets.agate.responses(workload);
}

export async function measureResponses(ctx) {
  if (ctx.handles.agate === undefined) return { skipped: "agate is not among the targets" };
  const probe = requestFor(ctx, "agate responses", WORKLOADS.small);
  const answer = await httpRequest(probe.origin + probe.path, {
    method: "POST",
    headers: probe.headers,
    body: probe.body,
  });
  await answer.body.arrayBuffer();
  if (answer.statusCode === 404) return { skipped: "agate has no /v1/responses route yet" };
  if (answer.statusCode !== 200)
    return { skipped: `agate's /v1/responses answered HTTP ${answer.statusCode}` };
  const { config } = ctx;
  const ttfb = await inRounds(ctx, NAMES, (name) =>
    ttfbLoop(requestFor(ctx, name, WORKLOADS.smallStream), { count: config.streamRequests }),
  );
  const perChunk = await inRounds(ctx, NAMES, async (name) => {
    const pid = ctx.handles[name === "direct" ? "direct" : "agate"].pid;
    const before = cpuSeconds(pid);
    const run = await streams(requestFor(ctx, name, WORKLOADS.chunks500), {
      total: config.chunkStreams,
      concurrency: 4,
    });
    if (run.errors > 0) throw new Error(`${name}: ${run.errors} of the 500-chunk streams failed`);
    return {
      microsecondsPerChunk: ((cpuSeconds(pid) - before) * 1e6) / (config.chunkStreams * CHUNKS),
      framesPerStream: median(run.results.map((r) => r.frames)),
    };
  });
  const pid = ctx.handles.agate.pid;
  const atC64 = (workload) =>
    inRounds(ctx, NAMES.slice(1), async (name) => {
      const before = cpuSeconds(pid);
      const result = await throughput(requestFor(ctx, name, workload), {
        connections: 64,
        seconds: config.seconds,
      });
      return { ...result, cpuPerRequest: ((cpuSeconds(pid) - before) * 1e6) / result.total };
    });
  const whole = await atC64(WORKLOADS.small);
  const streamed = await atC64(WORKLOADS.smallStream);
  const agent = await atC64(WORKLOADS.agentTurn);
  return { ttfb, perChunk, whole, streamed, agent };
}

export function reportResponses(result) {
  if (result.skipped !== undefined) {
    return {
      table: `Not measured: ${result.skipped}.`,
      goals: [goal("6. /v1/responses streaming", `not measured: ${result.skipped}`)],
    };
  }
  const { ttfb, perChunk, whole, streamed, agent } = result;
  const percent = (runs) =>
    Object.fromEntries(Object.entries(pick(runs, "errorRate")).map(([n, v]) => [n, v.map((x) => 100 * x)]));
  // Requests/s, agate's CPU per request and the error rate of one c=64 measurement.
  const atC64Rows = (runs, rpsLabel, prefix) => [
    row(rpsLabel, NAMES, pick(runs, "rps"), 0),
    row(`${prefix}CPU of agate per request at c=64 (µs)`, NAMES, pick(runs, "cpuPerRequest"), 0),
    row(`${prefix}error rate at c=64 (%)`, NAMES, percent(runs), 2),
  ];
  const addedBy = (key) => Object.fromEntries(NAMES.slice(1).map((name) => [name, added(ttfb, name, key)]));
  const table = markdownTable(
    ["streaming, agate's two client protocols", ...NAMES],
    [
      row("time to first byte p50 (ms)", NAMES, pick(ttfb, "p50"), 3),
      row("**TTFB added p50** (ms, − direct)", NAMES, addedBy("p50"), 3, "+"),
      row("**TTFB added p99** (ms, − direct)", NAMES, addedBy("p99"), 3, "+"),
      row(
        "**CPU per chunk (µs)**, 500-chunk streams (direct: the simulator)",
        NAMES,
        pick(perChunk, "microsecondsPerChunk"),
        1,
      ),
      row("SSE data frames per 500-chunk stream", NAMES, pick(perChunk, "framesPerStream"), 0),
      ...atC64Rows(whole, "**requests/s** at c=64, not streamed (responses: stored)", ""),
      ...atC64Rows(
        streamed,
        "short streams read to their end: **requests/s** at c=64 (responses: stored)",
        "short streams: ",
      ),
      ...atC64Rows(
        agent,
        "an agent's turn (10 KB instructions, 20 tools): **requests/s** at c=64",
        "an agent's turn: ",
      ),
    ],
  );
  const responses = median(added(ttfb, "agate responses", "p50"));
  const chat = median(added(ttfb, "agate chat", "p50"));
  const cpu = (name) => median(perChunk[name].map((r) => r.microsecondsPerChunk)).toFixed(1);
  const rps = (name, runs = whole) => median(runs[name].map((r) => r.rps)).toFixed(0);
  return {
    table,
    goals: [
      goal(
        "6. /v1/responses streaming (no target of its own: compare with chat)",
        `TTFB added p50 +${responses.toFixed(3)} ms (chat +${chat.toFixed(3)}); CPU per chunk ${cpu("agate responses")} µs (chat ${cpu("agate chat")}); c=64 not streamed ${rps("agate responses")} req/s (chat ${rps("agate chat")}), short streams ${rps("agate responses", streamed)} (chat ${rps("agate chat", streamed)}), an agent's turn ${rps("agate responses", agent)} (chat ${rps("agate chat", agent)})`,
      ),
    ],
  };
}
