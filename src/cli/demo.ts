import { mkdtempSync } from "node:fs";
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
 * credentials and no network. State goes to a fresh temporary directory, never the user's ~/.agate.
 */
export async function demoCommand(flags: DemoFlags): Promise<void> {
  const simulator = await startSimulator({ port: flags.simulatorPort ?? 0, quiet: true });
  const config = loadConfig({
    flags: {
      ...flagsToConfig(flags),
      data_dir: mkdtempSync(join(tmpdir(), "agate-demo-")),
      accounts: [
        { kind: "gemini", label: "demo@simulator", api_key: "sim-demo-key", base_url: simulator.url },
      ],
    },
    env: process.env,
    ...(flags.config === undefined ? {} : { configFile: flags.config }),
  });
  const { url } = await startServer(config, () => simulator.close());
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
