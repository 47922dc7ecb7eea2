// 1. Added latency at concurrency 1: a sequential loop over one keep-alive connection, non-streaming, small body.
import { latencyLoop } from "../lib/load.mjs";
import { added, goal, markdownTable, pick, row } from "../lib/report.mjs";
import { median } from "../lib/stats.mjs";
import { WORKLOADS } from "../lib/workloads.mjs";
import { inRounds } from "./rounds.mjs";

export async function measureLatency(ctx) {
  return inRounds(ctx, ctx.names, (name) =>
    latencyLoop(ctx.targets[name].request(WORKLOADS.small), { count: ctx.config.latencyRequests }),
  );
}

export function reportLatency(rounds, ctx) {
  const names = ctx.names;
  const gateways = names.filter((name) => name !== "direct");
  const addedBy = (key) => Object.fromEntries(gateways.map((name) => [name, added(rounds, name, key)]));
  const table = markdownTable(
    ["c=1, non-streaming chat, small body", ...names],
    [
      row("latency p50 (ms)", names, pick(rounds, "p50"), 3),
      row("latency p99 (ms)", names, pick(rounds, "p99"), 3),
      row("**added p50** (ms, − direct)", names, addedBy("p50"), 3, "+"),
      row("**added p99** (ms, − direct)", names, addedBy("p99"), 3, "+"),
    ],
  );
  const goals = [];
  if (rounds.agate !== undefined && rounds.floor !== undefined) {
    for (const key of ["p50", "p99"]) {
      const agate = median(added(rounds, "agate", key));
      const floor = median(added(rounds, "floor", key));
      goals.push(
        goal(
          `added latency ${key} at c=1 within 10% of the floor's`,
          `agate +${agate.toFixed(3)} ms vs floor +${floor.toFixed(3)} ms (×${(agate / floor).toFixed(2)})`,
          agate <= floor * 1.1,
        ),
      );
    }
  }
  return { table, goals };
}
