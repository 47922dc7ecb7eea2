// 5. Cold start (spawn to the first successful health check) and idle RSS (one second later), fresh processes.
import { rssMb } from "../lib/processes.mjs";
import { goal, markdownTable, pick, row } from "../lib/report.mjs";
import { startService, stopService } from "../lib/services.mjs";
import { median, sleep } from "../lib/stats.mjs";
import { inRounds } from "./rounds.mjs";

export async function measureStartup(ctx) {
  const names = ctx.names.filter((name) => name !== "direct");
  return inRounds(ctx, names, async (name) => {
    const handle = await startService(`${name} (cold start)`, ctx.commands[name]);
    try {
      await sleep(1000);
      return { coldStartMs: handle.coldStartMs, idleRss: rssMb(handle.pid) };
    } finally {
      await stopService(handle);
    }
  });
}

export function reportStartup(rounds, ctx) {
  const names = ctx.names;
  const table = markdownTable(
    ["fresh process", ...names],
    [
      row(
        "**cold start** (ms, spawn → first 2xx health check)",
        names,
        {
          ...pick(rounds, "coldStartMs"),
          direct: [ctx.handles.direct.coldStartMs],
        },
        0,
      ),
      row(
        "**idle RSS** (MB, 1 s after start)",
        names,
        { ...pick(rounds, "idleRss"), direct: [ctx.simulatorIdleRss] },
        0,
      ),
    ],
  );
  const goals = [];
  if (rounds.agate !== undefined) {
    const cold = median(rounds.agate.map((r) => r.coldStartMs));
    goals.push(goal("cold start ≤ 300 ms", `${cold.toFixed(0)} ms`, cold <= 300));
  }
  return { table, goals };
}
