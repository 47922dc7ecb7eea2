// Cold start of `agate serve` only, as `npm run bench` measures it (spawn → first 2xx of GET /healthz, fresh
// AGATE_HOME, one Gemini API-key account pointed at the simulator), for comparing builds side by side:
//   node bench/cold-start.mjs [--runs 9] [main.js ...]     (default: dist/cli/main.js)
// Each round starts every given main.js once, alternating the order; prints median (min–max) per build of the
// wall time and of the CPU time the process used until then (less sensitive to a busy machine).
// The ports are the benchmark's: run it alone (flock /tmp/agate-bench.lock node bench/cold-start.mjs ...).
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { cpuSeconds } from "./lib/processes.mjs";
import { serviceCommands, startService, stopService } from "./lib/services.mjs";
import { summary } from "./lib/stats.mjs";

const PORTS = { direct: 18046, agate: 18045, floor: 18047, peer: 8787, agateOpenai: 18048 };
const { values, positionals } = parseArgs({
  options: { runs: { type: "string", default: "9" } },
  allowPositionals: true,
});
const mains = positionals.length > 0 ? positionals.map((path) => resolve(path)) : [undefined];
const commands = serviceCommands(PORTS, "bench-key");
const simulator = await startService("direct", commands.direct);
const times = new Map(mains.map((main) => [main, { wall: [], cpu: [] }]));
try {
  for (let round = 0; round < Number(values.runs); round++) {
    const order = round % 2 === 0 ? mains : [...mains].reverse();
    for (const main of order) {
      const command = main === undefined ? commands.agate : { ...commands.agate, script: main };
      const handle = await startService("agate (cold start)", command);
      times.get(main).wall.push(handle.coldStartMs);
      times.get(main).cpu.push(cpuSeconds(handle.pid) * 1000);
      await stopService(handle);
    }
  }
} finally {
  await stopService(simulator);
}
for (const [main, { wall, cpu }] of times)
  console.log(`wall ${summary(wall, 0)} ms, CPU ${summary(cpu, 0)} ms: ${main ?? "dist/cli/main.js"}`);
