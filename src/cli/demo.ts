import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../config/load.js";
import { startSimulator } from "../simulator/index.js";
import { flagsToConfig, type ServerFlags } from "./options.js";
import { startServer } from "./serve.js";

export interface DemoFlags extends ServerFlags {
  simulatorPort?: number;
}

/**
 * agate plus the built-in upstream simulator and one demo account wired to it: the whole chain with no
 * credentials and no network. State goes to a fresh temporary directory, never the user's ~/.agate, and is
 * removed when the demo exits.
 */
export async function demoCommand(flags: DemoFlags): Promise<void> {
  const dataDir = throwawayDataDir();
  const simulator = await startSimulator({ port: flags.simulatorPort ?? 0, quiet: true });
  const config = loadConfig({
    flags: {
      ...flagsToConfig(flags),
      data_dir: dataDir,
      accounts: [
        { kind: "gemini", label: "demo@simulator", api_key: "sim-demo-key", base_url: simulator.url },
      ],
    },
    env: process.env,
    ...(flags.config === undefined ? {} : { configFile: flags.config }),
  });
  const { url } = await startServer(config, { onClose: () => simulator.close() });
  const auth = config.api_keys.length > 0 ? ` -H 'authorization: Bearer ${"<one of your api_keys>"}'` : "";
  process.stdout.write(
    [
      "",
      `agate demo: gateway on ${url}, simulated Gemini upstream on ${simulator.url}`,
      `Dashboard: ${url}/ui/`,
      "",
      "Try it:",
      `  curl -s ${url}/healthz`,
      `  curl -s ${url}/v1/models${auth}`,
      `  curl -si ${url}/v1/chat/completions${auth} -H 'content-type: application/json' \\`,
      `       -d '{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}]}'`,
      "",
      "Or with the OpenAI SDK (Python):",
      `  from openai import OpenAI; client = OpenAI(base_url="${url}/v1", api_key="any")`,
      `  print(client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "hi"}]).choices[0].message.content)`,
      "",
      "Press Ctrl+C to stop.",
      "",
    ].join("\n"),
  );
}

/**
 * A new directory in the OS temp dir for the demo's store, removed when the process exits, however it stops
 * (Ctrl+C, SIGTERM, the stop timeout, a failed start): each run would otherwise leave one behind.
 */
function throwawayDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "agate-demo-"));
  process.once("exit", () => {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // A file still held open (Windows): the OS's temp cleaning will take it.
    }
  });
  return dir;
}
