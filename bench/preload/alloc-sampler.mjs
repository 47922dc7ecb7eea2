// Preloaded into agate (`node --import`) to see what allocates: V8's sampling heap profiler, counting the
// objects already collected too (Node's --heap-prof keeps only the live ones, which hides per-request garbage).
// Sampling starts BENCH_ALLOC_START_MS (5000) after start and lasts BENCH_ALLOC_MS (5000); the profile is
// written to BENCH_ALLOC_OUT (alloc.heapprofile in the working directory). Read it with bench/alloc-report.mjs.
// Example: BENCH_AB_ROUNDS=1 BENCH_AB_SECONDS=12 node bench/ab.mjs "dist@--import=./bench/preload/alloc-sampler.mjs"
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";

const session = new Session();
session.connect();
const startAfter = Number(process.env.BENCH_ALLOC_START_MS ?? 5000);
const duration = Number(process.env.BENCH_ALLOC_MS ?? 5000);
const out = process.env.BENCH_ALLOC_OUT ?? "alloc.heapprofile";
const options = {
  samplingInterval: 1024,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
};
setTimeout(() => {
  session.post("HeapProfiler.startSampling", options, () => {
    setTimeout(() => {
      session.post("HeapProfiler.stopSampling", (error, result) => {
        if (error === null) writeFileSync(out, JSON.stringify(result.profile));
      });
    }, duration).unref();
  });
}, startAfter).unref();
