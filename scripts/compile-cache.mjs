// `npm run build`, last step: starts the built server once (no upstream reachable, a throw-away AGATE_HOME),
// waits for its first health check and stops it; the launcher then writes the code V8 compiled for the bundle
// to dist/cli/agate.cjs.cache, which every later start reuses (see src/cli/launch.ts).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const main = new URL("../dist/cli/main.js", import.meta.url).pathname;
const cache = new URL("../dist/cli/agate.cjs.cache", import.meta.url).pathname;
const home = mkdtempSync(join(tmpdir(), "agate-compile-cache-"));
const child = spawn(process.execPath, [main, "serve", "--port", "0"], {
  env: {
    PATH: process.env.PATH,
    AGATE_HOME: home,
    AGATE_RECORD_COMPILE_CACHE: "1",
    // One account, as a real start has; its model list fails at once (nothing listens on port 9).
    GEMINI_API_KEY: "compile-cache",
    GEMINI_BASE_URL: "http://127.0.0.1:9",
  },
  stdio: ["ignore", "pipe", "inherit"],
});
const exited = new Promise((resolve) => child.once("exit", resolve));
try {
  const url = await listeningUrl(child);
  const health = await fetch(`${url}/healthz`);
  if (!health.ok) throw new Error(`GET /healthz answered ${health.status}`);
} finally {
  child.kill("SIGTERM");
  await exited;
  rmSync(home, { recursive: true, force: true });
}
if (!existsSync(cache)) throw new Error(`${cache} was not written`);

/** The address from the "agate listening on HOST:PORT" log line. */
function listeningUrl(server) {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 20_000);
    server.stdout.on("data", (chunk) => {
      output += chunk;
      const listening = /agate listening on ([^\s"]+)/.exec(output);
      if (listening === null) return;
      clearTimeout(timer);
      resolve(`http://${listening[1]}`);
    });
    server.once("exit", () => reject(new Error(`the server exited:\n${output}`)));
  });
}
