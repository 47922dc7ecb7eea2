// 2. Throughput at concurrency 64 (autocannon), with the CPU used meanwhile by the target, the simulator, the load
// generator and everything else on the machine: a simulator far from a full core while a gateway saturates shows
// it is not the bottleneck, and the last row shows when other work on the machine skewed a run.
import { throughput } from "../lib/load.mjs";
import { cpuSeconds, machineBusySeconds } from "../lib/processes.mjs";
import { goal, markdownTable, pick, ratio, row } from "../lib/report.mjs";
import { median } from "../lib/stats.mjs";
import { WORKLOADS } from "../lib/workloads.mjs";
import { inRounds } from "./rounds.mjs";

export async function measureThroughput(ctx) {
  const simulator = ctx.handles.direct.pid;
  return inRounds(ctx, ctx.names, async (name) => {
    const target = ctx.handles[name].pid;
    const before = {
      target: cpuSeconds(target),
      simulator: cpuSeconds(simulator),
      client: process.cpuUsage(),
      machine: machineBusySeconds(),
    };
    const started = process.hrtime.bigint();
    const result = await throughput(ctx.targets[name].request(WORKLOADS.small), {
      connections: 64,
      seconds: ctx.config.seconds,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const percent = (cpu) => (100 * cpu) / seconds;
    const targetCpu = name === "direct" ? 0 : percent(cpuSeconds(target) - before.target);
    const simulatorCpu = percent(cpuSeconds(simulator) - before.simulator);
    const clientCpu = percent(cpuMicroseconds(process.cpuUsage(before.client)) / 1e6);
    const machineCpu = percent(machineBusySeconds() - before.machine);
    return {
      ...result,
      targetCpu,
      simulatorCpu,
      clientCpu,
      otherCpu: Math.max(0, machineCpu - targetCpu - simulatorCpu - clientCpu),
    };
  });
}

const cpuMicroseconds = (usage) => usage.user + usage.system;

/**
 * The same share measured within each round (the rounds alternate the targets, so each pair ran minutes
 * apart at most): its median and spread, beside the share of the medians that the verdict uses.
 */
function roundByRound(values, floor) {
  const shares = values.map((value, i) => (100 * value) / floor[i]);
  const spread = `${Math.min(...shares).toFixed(0)}–${Math.max(...shares).toFixed(0)}%`;
  return `round by round ${median(shares).toFixed(0)}%, ${spread}`;
}

export function reportThroughput(rounds, ctx) {
  const names = ctx.names;
  const rps = pick(rounds, "rps");
  const versus = (base) =>
    rps[base] === undefined
      ? {}
      : Object.fromEntries(names.map((name) => [name, rps[name].map((value, i) => value / rps[base][i])]));
  const gatewayCpu = pick(rounds, "targetCpu");
  delete gatewayCpu.direct;
  const table = markdownTable(
    ["c=64, non-streaming chat, small body", ...names],
    [
      row("**requests/s**", names, rps, 0),
      row(
        "error rate (%)",
        names,
        Object.fromEntries(
          Object.entries(pick(rounds, "errorRate")).map(([n, v]) => [n, v.map((x) => 100 * x)]),
        ),
        2,
      ),
      row("× direct", names, versus("direct"), 2, "×"),
      row("× floor", names, versus("floor"), 2, "×"),
      ...(rps["floor-fastify"] === undefined
        ? []
        : [row("× floor-fastify", names, versus("floor-fastify"), 2, "×")]),
      row("CPU of the gateway (% of one core)", names, gatewayCpu, 0),
      row("CPU of the simulator (% of one core)", names, pick(rounds, "simulatorCpu"), 0),
      row("CPU of the load generator (autocannon, % of one core)", names, pick(rounds, "clientCpu"), 0),
      row("CPU of every other process on the machine (% of one core)", names, pick(rounds, "otherCpu"), 0),
    ],
  );
  const goals = [];
  if (rounds.agate !== undefined && rounds.floor !== undefined) {
    const share = ratio(rps.agate, rps.floor);
    const errors = median(rounds.agate.map((r) => r.errorRate));
    goals.push(
      goal(
        "throughput at c=64 ≥ 90% of the floor's, ≤ 1% errors",
        `agate ${median(rps.agate).toFixed(0)} req/s = ${(100 * share).toFixed(0)}% of the floor's ${median(rps.floor).toFixed(0)} (${roundByRound(rps.agate, rps.floor)}); errors ${(100 * errors).toFixed(2)}%`,
        share >= 0.9 && errors <= 0.01,
      ),
    );
  }
  if (rounds.agate2 !== undefined && rounds.floor !== undefined) {
    const share = ratio(rps.agate2, rps.floor);
    const errors = median(rounds.agate2.map((r) => r.errorRate));
    goals.push(
      goal(
        "cluster mode (agate2, --workers 2): throughput at c=64 ≥ 90% of the floor's, ≤ 1% errors",
        `agate2 ${median(rps.agate2).toFixed(0)} req/s = ${(100 * share).toFixed(0)}% of the floor's ${median(rps.floor).toFixed(0)} (${roundByRound(rps.agate2, rps.floor)}); errors ${(100 * errors).toFixed(2)}%`,
        share >= 0.9 && errors <= 0.01,
      ),
    );
  }
  if (rounds.agate !== undefined && rounds.peer !== undefined) {
    const times = ratio(rps.agate, rps.peer);
    goals.push(goal("throughput about 8× the peer's", `×${times.toFixed(1)}`, times >= 8));
  }
  return { table, goals };
}
