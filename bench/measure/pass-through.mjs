// The pass-through comparison: an OpenAI-compatible upstream (the floor, in front of the simulator) called
// directly, through agate's `openai` account kind and through the peer's `openai` provider. Skipped, with the
// reason, while agate cannot start with an `openai` account.
import { request as httpRequest } from "undici";
import { latencyLoop, throughput, ttfbLoop } from "../lib/load.mjs";
import { added, goal, markdownTable, pick, ratio, row } from "../lib/report.mjs";
import { startService } from "../lib/services.mjs";
import { median } from "../lib/stats.mjs";
import { WORKLOADS } from "../lib/workloads.mjs";
import { inRounds } from "./rounds.mjs";

const BASE = "openai-direct";

async function answers(request) {
  const response = await httpRequest(request.origin + request.path, {
    method: "POST",
    headers: request.headers,
    body: request.body,
  });
  await response.body.arrayBuffer();
  return response.statusCode === 200;
}

export async function measurePassThrough(ctx) {
  if (ctx.handles.floor === undefined)
    return { skipped: "the floor (the OpenAI-compatible upstream) is not running" };
  try {
    ctx.handles["openai-agate"] = await startService("openai-agate", ctx.commands["openai-agate"]);
  } catch {
    return { skipped: "agate does not start with an `openai` account: it has no `openai` account kind yet" };
  }
  if (!(await answers(ctx.targets["openai-agate"].request(WORKLOADS.small)))) {
    return { skipped: "agate with an `openai` account did not answer a chat request with 200" };
  }
  const names = [BASE, "openai-agate", ...(ctx.handles.peer === undefined ? [] : ["openai-peer"])];
  const { config } = ctx;
  const request = (name, workload) => ctx.targets[name].request(workload);
  ctx.log("pass-through: latency at c=1");
  const latency = await inRounds(ctx, names, (name) =>
    latencyLoop(request(name, WORKLOADS.small), { count: config.latencyRequests }),
  );
  ctx.log("pass-through: throughput at c=64");
  const rps = await inRounds(ctx, names, (name) =>
    throughput(request(name, WORKLOADS.small), { connections: 64, seconds: config.seconds }),
  );
  ctx.log("pass-through: time to first byte");
  const ttfb = await inRounds(ctx, names, (name) =>
    ttfbLoop(request(name, WORKLOADS.smallStream), { count: config.streamRequests }),
  );
  return { names, latency, rps, ttfb };
}

export function reportPassThrough(result) {
  if (result.skipped !== undefined) {
    return {
      table: `Not measured: ${result.skipped}.`,
      goals: [goal("pass-through vs the peer (`openai` account kind)", `not measured: ${result.skipped}`)],
    };
  }
  const { names, latency, rps, ttfb } = result;
  const gateways = names.filter((name) => name !== BASE);
  const addedBy = (rounds, key) =>
    Object.fromEntries(gateways.map((name) => [name, added(rounds, name, key, BASE)]));
  const table = markdownTable(
    ["OpenAI-compatible upstream (the floor), chat, small body", ...names],
    [
      row("latency p50 at c=1 (ms)", names, pick(latency, "p50"), 3),
      row("**added p50** at c=1 (ms, − direct)", names, addedBy(latency, "p50"), 3, "+"),
      row("**added p99** at c=1 (ms, − direct)", names, addedBy(latency, "p99"), 3, "+"),
      row("**requests/s** at c=64", names, pick(rps, "rps"), 0),
      row(
        "error rate at c=64 (%)",
        names,
        Object.fromEntries(names.map((n) => [n, rps[n].map((r) => 100 * r.errorRate)])),
        2,
      ),
      row("**TTFB added p50** (ms, short stream)", names, addedBy(ttfb, "p50"), 3, "+"),
    ],
  );
  const agate = median(added(latency, "openai-agate", "p50", BASE));
  const peer =
    latency["openai-peer"] === undefined ? undefined : median(added(latency, "openai-peer", "p50", BASE));
  const measured =
    `agate +${agate.toFixed(3)} ms added p50` +
    (peer === undefined
      ? ""
      : ` vs peer +${peer.toFixed(3)} ms; throughput ×${ratio(pick(rps, "rps")["openai-agate"], pick(rps, "rps")["openai-peer"]).toFixed(1)} the peer's`);
  return { table, goals: [goal("pass-through vs the peer (`openai` account kind)", measured)] };
}
