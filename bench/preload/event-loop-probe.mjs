// Preloaded into a measured process (`node --import`): nothing is exposed over HTTP. On SIGUSR2 it writes the
// event-loop delay seen since the previous SIGUSR2 to $BENCH_PROBE_FILE, then resets.
//
// Node's histogram (perf_hooks.monitorEventLoopDelay) records the interval between two firings of a timer
// that is due every RESOLUTION_MS, not how late it fired: an idle process reports p50 ≈ 10.1 ms and a minimum
// of ≈ 10.0 ms with the 10 ms resolution (nodejs/node#62935: "samples had an implicit floor of resolution ms").
// The delay is that interval less the resolution: p50, p99 and max below. rawP99 and rawMax are the histogram's
// own figures, as the runs before 2026-11-30 03:30 UTC reported them under "event-loop delay".
import { writeFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";

const RESOLUTION_MS = 10;
const file = process.env.BENCH_PROBE_FILE;
if (file !== undefined) {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  process.on("SIGUSR2", () => {
    const ms = (nanoseconds) => nanoseconds / 1e6;
    const late = (nanoseconds) => Math.max(0, ms(nanoseconds) - RESOLUTION_MS);
    const report = {
      at: Date.now(),
      p50: late(histogram.percentile(50)),
      p99: late(histogram.percentile(99)),
      max: late(histogram.max),
      rawP99: ms(histogram.percentile(99)),
      rawMax: ms(histogram.max),
      samples: histogram.count,
    };
    writeFileSync(file, JSON.stringify(report));
    histogram.reset();
  });
}
