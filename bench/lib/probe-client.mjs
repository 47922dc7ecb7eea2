// Reads the event-loop probe preloaded into a measured process (bench/preload/event-loop-probe.mjs).
import { readFileSync } from "node:fs";
import { sleep } from "./stats.mjs";

function readReport(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/** Asks the process for its event-loop delay since the last call (and resets it): { p50, p99, max } in ms. */
export async function eventLoopDelay(handle, file) {
  const before = readReport(file)?.at ?? 0;
  process.kill(handle.pid, "SIGUSR2");
  for (let waited = 0; waited < 3000; waited += 10) {
    const report = readReport(file);
    if (report !== undefined && report.at !== before) return report;
    await sleep(10);
  }
  return { p50: Number.NaN, p99: Number.NaN, max: Number.NaN };
}
