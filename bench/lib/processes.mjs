// The benchmark's child processes: started with a name, watched through /proc, and always stopped — on
// success, on failure, and when the benchmark itself is interrupted.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";

const running = new Set();
const CLOCK_TICKS_PER_SECOND = 100;

/** Starts `node [nodeArgs] script [args]`; output goes to /dev/null unless BENCH_VERBOSE is set. */
export function startNode(name, script, args = [], { env = {}, cwd, nodeArgs = [] } = {}) {
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: process.env.BENCH_VERBOSE ? "inherit" : "ignore",
  });
  const handle = { name, child, pid: child.pid, exited: false };
  child.once("exit", () => {
    handle.exited = true;
    running.delete(handle);
    removeHome(handle);
  });
  running.add(handle);
  return handle;
}

/** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export async function stopProcess(handle, graceMs = 3000) {
  if (handle.exited) return;
  const exited = new Promise((resolve) => handle.child.once("exit", resolve));
  handle.child.kill("SIGTERM");
  const timer = setTimeout(() => handle.child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function stopAll() {
  await Promise.all([...running].map((handle) => stopProcess(handle)));
}

/** The temporary AGATE_HOME a service was given (`handle.home`, see services.mjs) goes when it exits. */
function removeHome(handle) {
  if (handle.home !== undefined) rmSync(handle.home, { recursive: true, force: true, maxRetries: 5 });
}

// Last resort: whatever is still running when the benchmark exits is killed, and its home removed.
process.on("exit", () => {
  for (const handle of running) {
    handle.child.kill("SIGKILL");
    removeHome(handle);
  }
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    stopAll().finally(() => process.exit(130));
  });
}

/** Polls `url` until it answers 2xx; resolves with the milliseconds since `sinceNs` (process.hrtime). */
export async function waitForHttp(url, { headers = {}, timeoutMs = 20_000, sinceNs, handle } = {}) {
  const started = sinceNs ?? process.hrtime.bigint();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (handle?.exited) throw new Error(`${handle.name} exited before ${url} answered`);
    try {
      const response = await fetch(url, { headers });
      await response.arrayBuffer();
      if (response.ok) return Number(process.hrtime.bigint() - started) / 1e6;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${url} did not answer 2xx within ${timeoutMs} ms`);
}

/**
 * Resident set size in MB, from /proc/<pid>/status: the process and its children (a cluster's workers), so
 * that a gateway of several processes is measured whole.
 */
export function rssMb(pid, tree = processTree(pid)) {
  let total = 0;
  for (const one of tree) {
    const status = readFileSync(`/proc/${one}/status`, "utf8");
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    total += match ? Number(match[1]) / 1024 : Number.NaN;
  }
  return total;
}

/** User + system CPU time in seconds of the process and its live children, from /proc/<pid>/stat (10 ms resolution). */
export function cpuSeconds(pid) {
  let total = 0;
  for (const one of processTree(pid)) {
    const stat = readFileSync(`/proc/${one}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    total += (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  }
  return total;
}

/** The pid and its descendants' pids, found through the parent pid of every process in /proc. */
function processTree(pid) {
  const children = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended while the list was read.
    }
  }
  const tree = [pid];
  for (let index = 0; index < tree.length; index++) tree.push(...(children.get(tree[index]) ?? []));
  return tree;
}

/** Busy CPU time of the whole machine in seconds (every core, softirq and idle excluded), from /proc/stat. */
export function machineBusySeconds() {
  const [user, nice, system] = readFileSync("/proc/stat", "utf8")
    .split("\n")[0]
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return (user + nice + system) / CLOCK_TICKS_PER_SECOND;
}

/** Samples a process's RSS every `everyMs` until stopped; `stop()` returns the peak in MB. */
export function sampleRss(pid, everyMs = 25) {
  // The tree is read once: scanning /proc every 25 ms would cost the CPU being measured.
  const tree = processTree(pid);
  let peak = rssMb(pid, tree);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMb(pid, tree));
    } catch {}
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      try {
        peak = Math.max(peak, rssMb(pid, tree));
      } catch {}
      return peak;
    },
  };
}
