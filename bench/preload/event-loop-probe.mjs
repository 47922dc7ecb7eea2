// Preloaded into a measured process (`node --import`): nothing is exposed over HTTP. On SIGUSR2 it writes the
// event-loop delay seen since the previous SIGUSR2 (p50, p99, max in ms) to $BENCH_PROBE_FILE, then resets.
import { writeFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";

const file = process.env.BENCH_PROBE_FILE;
if (file !== undefined) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  process.on("SIGUSR2", () => {
    const ms = (nanoseconds) => nanoseconds / 1e6;
    const report = {
      at: Date.now(),
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
      samples: histogram.count,
    };
    writeFileSync(file, JSON.stringify(report));
    histogram.reset();
  });
}
