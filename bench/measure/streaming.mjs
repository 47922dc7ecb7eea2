// 3. Streaming: time to first byte (short stream, c=1), CPU per chunk (500-chunk streams), and many concurrent
// slow streams held open at once (peak RSS and event-loop delay of the process that serves them).
import { streams, ttfbLoop } from "../lib/load.mjs";
import { eventLoopDelay } from "../lib/probe-client.mjs";
import { cpuSeconds, rssMb, sampleRss } from "../lib/processes.mjs";
import { added, goal, markdownTable, pick, row } from "../lib/report.mjs";
import { startService, stopService } from "../lib/services.mjs";
import { median } from "../lib/stats.mjs";
import { WORKLOADS } from "../lib/workloads.mjs";
import { inRounds } from "./rounds.mjs";

const CHUNKS = 500;

export async function measureStreaming(ctx) {
  const { config } = ctx;
  ctx.log("streaming: time to first byte");
  const ttfb = await inRounds(ctx, ctx.names, (name) =>
    ttfbLoop(ctx.targets[name].request(WORKLOADS.smallStream), { count: config.streamRequests }),
  );
  ctx.log("streaming: CPU per chunk");
  const perChunk = await inRounds(ctx, ctx.names, async (name) => {
    const pid = ctx.handles[name].pid;
    const before = cpuSeconds(pid);
    const run = await streams(ctx.targets[name].request(WORKLOADS.chunks500), {
      total: config.chunkStreams,
      concurrency: 4,
    });
    if (run.errors > 0) throw new Error(`${name}: ${run.errors} of the 500-chunk streams failed`);
    return {
      microsecondsPerChunk: ((cpuSeconds(pid) - before) * 1e6) / (config.chunkStreams * CHUNKS),
      framesPerStream: median(run.results.map((r) => r.frames)),
    };
  });
  ctx.log(`streaming: ${config.concurrentStreams} concurrent streams`);
  const concurrent = await inRounds(ctx, ctx.names, async (name) => {
    const handle = await freshProcess(ctx, name);
    const idle = rssMb(handle.pid);
    await eventLoopDelay(handle, ctx.probeFiles[name]);
    const sampler = sampleRss(handle.pid);
    const started = process.hrtime.bigint();
    const run = await streams(ctx.targets[name].request(WORKLOADS.slowStream), {
      total: config.concurrentStreams,
      concurrency: config.concurrentStreams,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const peak = sampler.stop();
    const delay = await eventLoopDelay(handle, ctx.probeFiles[name]);
    return {
      rssBefore: idle,
      rssPeak: peak,
      loopP99: delay.p99,
      loopMax: delay.max,
      loopRawP99: delay.rawP99,
      seconds,
      errors: run.errors,
      ttfbP99: [...run.results.map((r) => r.ttfb)].sort((a, b) => a - b)[
        Math.floor(0.99 * run.results.length)
      ],
    };
  });
  return { ttfb, perChunk, concurrent };
}

/**
 * A gateway is restarted (and briefly warmed) before each concurrent-streams round, so that its RSS shows
 * the streams rather than the heap left over by the c=64 runs. The simulator is not: it serves every target.
 */
async function freshProcess(ctx, name) {
  if (name === "direct") return ctx.handles.direct;
  await stopService(ctx.handles[name]);
  ctx.handles[name] = await startService(name, ctx.commands[name], { probeFile: ctx.probeFiles[name] });
  await streams(ctx.targets[name].request(WORKLOADS.smallStream), { total: 200, concurrency: 8 });
  return ctx.handles[name];
}

export function reportStreaming({ ttfb, perChunk, concurrent }, ctx) {
  const names = ctx.names;
  const gateways = names.filter((name) => name !== "direct");
  const addedBy = (key) => Object.fromEntries(gateways.map((name) => [name, added(ttfb, name, key)]));
  const { config } = ctx;
  const table = [
    markdownTable(
      [`streaming chat, ${config.streamRequests} sequential short streams (4 chunks)`, ...names],
      [
        row("time to first byte p50 (ms)", names, pick(ttfb, "p50"), 3),
        row("time to first byte p99 (ms)", names, pick(ttfb, "p99"), 3),
        row("**TTFB added p50** (ms, − direct)", names, addedBy("p50"), 3, "+"),
        row("**TTFB added p99** (ms, − direct)", names, addedBy("p99"), 3, "+"),
      ],
    ),
    "",
    markdownTable(
      [`${config.chunkStreams} streams of ${CHUNKS} chunks, 4 at a time`, ...names],
      [
        row(
          "**CPU per chunk (µs)** of the process named (direct: the simulator itself)",
          names,
          pick(perChunk, "microsecondsPerChunk"),
          1,
        ),
        row("SSE frames received per stream", names, pick(perChunk, "framesPerStream"), 0),
      ],
    ),
    "",
    markdownTable(
      [
        `${config.concurrentStreams} concurrent streams (${config.slowChunks} chunks ${config.slowChunkDelayMs} ms apart)`,
        ...names,
      ],
      [
        row(
          "RSS before (MB; gateways restarted and warmed with 200 short streams)",
          names,
          pick(concurrent, "rssBefore"),
          0,
        ),
        row("**peak RSS (MB)**", names, pick(concurrent, "rssPeak"), 0),
        row("**event-loop delay p99 (ms)**", names, pick(concurrent, "loopP99"), 1),
        row("event-loop delay max (ms)", names, pick(concurrent, "loopMax"), 1),
        row(
          "timer interval p99 as Node's histogram gives it (ms; delay + its 10 ms resolution)",
          names,
          pick(concurrent, "loopRawP99"),
          1,
        ),
        row("time to first byte p99 (ms)", names, pick(concurrent, "ttfbP99"), 0),
        row("wall time for all (s)", names, pick(concurrent, "seconds"), 1),
        row("failed streams", names, pick(concurrent, "errors"), 0),
      ],
    ),
  ].join("\n");
  const goals = [];
  if (concurrent.agate !== undefined) {
    const peak = median(concurrent.agate.map((r) => r.rssPeak));
    const loop = median(concurrent.agate.map((r) => r.loopP99));
    const rawLoop = median(concurrent.agate.map((r) => r.loopRawP99));
    const failed = median(concurrent.agate.map((r) => r.errors));
    const n = config.concurrentStreams;
    goals.push(
      goal(
        `${n} concurrent streams in ≤ 150 MB RSS`,
        `${peak.toFixed(0)} MB peak, ${failed} failed`,
        peak <= 150 && failed === 0,
      ),
    );
    goals.push(
      goal(
        `event-loop delay p99 ≤ 20 ms during ${n} streams`,
        `${loop.toFixed(1)} ms (Node's histogram: ${rawLoop.toFixed(1)} ms, its 10 ms timer interval included)`,
        loop <= 20,
      ),
    );
  }
  return { table, goals };
}
