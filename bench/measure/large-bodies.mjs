// 4. Large bodies: a ~1 MB request (long history) and a ~150 KB response, c=1: added latency and peak RSS.
import { request as httpRequest } from "undici";
import { latencyLoop } from "../lib/load.mjs";
import { sampleRss } from "../lib/processes.mjs";
import { added, markdownTable, pick, row } from "../lib/report.mjs";
import { WORKLOADS } from "../lib/workloads.mjs";
import { inRounds } from "./rounds.mjs";

async function withPeakRss(handle, work) {
  const sampler = sampleRss(handle.pid, 10);
  const result = await work();
  return { ...result, rssPeak: sampler.stop() };
}

export async function measureLargeBodies(ctx) {
  const count = ctx.config.largeRequests;
  const measure = (workload, times) => (name) =>
    withPeakRss(ctx.handles[name], () =>
      latencyLoop(ctx.targets[name].request(workload), { count: times, warmup: 5 }),
    );
  ctx.log("large bodies: 1 MB request");
  const request = await inRounds(ctx, ctx.names, measure(WORKLOADS.largeRequest, count));
  ctx.log("large bodies: 150 KB response");
  const response = await inRounds(ctx, ctx.names, measure(WORKLOADS.largeResponse, count * 3));
  const sample = ctx.targets[ctx.names.includes("agate") ? "agate" : ctx.names[0]].request(
    WORKLOADS.largeResponse,
  );
  const answer = await httpRequest(sample.origin + sample.path, {
    method: "POST",
    headers: sample.headers,
    body: sample.body,
  });
  const responseBytes = (await answer.body.arrayBuffer()).byteLength;
  return { request, response, responseBytes };
}

export function reportLargeBodies({ request, response, responseBytes }, ctx) {
  const names = ctx.names;
  const gateways = names.filter((name) => name !== "direct");
  const addedP50 = (rounds) => Object.fromEntries(gateways.map((name) => [name, added(rounds, name, "p50")]));
  const requestBytes = Buffer.byteLength(ctx.targets[names.at(-1)].request(WORKLOADS.largeRequest).body);
  const table = markdownTable(
    ["c=1, non-streaming", ...names],
    [
      row(`${(requestBytes / 1e6).toFixed(2)} MB request: latency p50 (ms)`, names, pick(request, "p50"), 2),
      row("1 MB request: **added p50** (ms)", names, addedP50(request), 2, "+"),
      row("1 MB request: **peak RSS** (MB)", names, pick(request, "rssPeak"), 0),
      row(
        `${(responseBytes / 1e3).toFixed(0)} KB response: latency p50 (ms)`,
        names,
        pick(response, "p50"),
        2,
      ),
      row("150 KB response: **added p50** (ms)", names, addedP50(response), 2, "+"),
      row("150 KB response: **peak RSS** (MB)", names, pick(response, "rssPeak"), 0),
    ],
  );
  return { table, goals: [] };
}
