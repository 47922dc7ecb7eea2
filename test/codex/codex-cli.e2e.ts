import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { tempDir } from "../helpers/temp-dir.js";
import { testConfig } from "../helpers/test-config.js";

/**
 * The real Codex CLI (`@openai/codex`, pinned in test/codex/package.json) against agate and the simulator:
 * `codex exec` on a prompt for which the model first asks for a shell command, then gives its final answer.
 * Run with `npm run test:codex` (installs the pinned CLI into test/codex/node_modules, ~420 MB, then runs this).
 *
 * Codex talks to a custom provider with `wire_api = "responses"`: POST {base_url}/responses, stream: true,
 * store: false, the whole history every turn. The model name is outside Codex's own catalog (`codex debug models`)
 * so it uses its generic request shape; agate maps it to a Gemini model.
 */

const CODEX_JS = join(import.meta.dirname, "node_modules/@openai/codex/bin/codex.js");
const CODEX_MODEL = "gpt-5-codex";
const GEMINI_MODEL = "gemini-3-pro-preview";
const CLIENT_KEY = "sk-agate-codex-e2e";
const PROMPT = "Run `echo agate-ok` in the shell and tell me what it printed.";
const SHELL_COMMAND = "echo agate-ok";
const FINAL_MESSAGE = "The command printed agate-ok.";
const SIGNATURE = Buffer.from("gemini-3-signature-for-the-codex-shell-call").toString("base64");
const RUN_TIMEOUT_MS = 120_000;

type Json = Record<string, unknown>;
interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body?: Json;
  status?: number;
}

/** The Codex config.toml: a custom provider at agate's /v1, nothing that reaches past 127.0.0.1, no prompts. */
function codexConfig(agateUrl: string): string {
  return `model = "${CODEX_MODEL}"
model_provider = "agate"
approval_policy = "never"
sandbox_mode = "danger-full-access"
check_for_update_on_startup = false
web_search = "cached"

[model_providers.agate]
name = "agate"
base_url = "${agateUrl}/v1"
env_key = "AGATE_CODEX_KEY"
wire_api = "responses"
request_max_retries = 0
stream_max_retries = 0

[features]
plugins = false

[analytics]
enabled = false

[otel]
exporter = "none"
`;
}

/**
 * The function call that runs SHELL_COMMAND with whichever shell tool this Codex declares (0.171 with a model
 * outside its catalog: `exec_command {cmd}`; older versions: `shell {command: [...]}` or `shell_command`).
 */
function shellCall(tools: unknown): { name: string; args: Json } {
  const names = Array.isArray(tools) ? tools.map((tool) => (tool as Json).name) : [];
  if (names.includes("exec_command")) return { name: "exec_command", args: { cmd: SHELL_COMMAND } };
  if (names.includes("shell_command")) return { name: "shell_command", args: { command: SHELL_COMMAND } };
  if (names.includes("shell")) return { name: "shell", args: { command: ["bash", "-lc", SHELL_COMMAND] } };
  throw new Error(`Codex declared no shell tool this test knows: ${JSON.stringify(names)}`);
}

let simulator: Simulator;
let gateway: Gateway;
let agateUrl: string;
let codexHome: string;
let workdir: string;
const seen: Seen[] = [];

beforeAll(async () => {
  if (!existsSync(CODEX_JS)) {
    throw new Error("The Codex CLI is not installed in test/codex: run `npm run test:codex`.");
  }
  simulator = await startSimulator({ port: 0, quiet: true });
  gateway = await createGateway(
    testConfig({
      accounts: [{ kind: "gemini", label: "codex@test", api_key: "sim-key-1", base_url: simulator.url }],
      model_mapping: { [CODEX_MODEL]: GEMINI_MODEL },
      api_keys: [CLIENT_KEY],
    }),
    { logger: false, inMemoryStore: true },
  );
  // Records every request Codex makes, and scripts the simulator from the first request's declared tools.
  gateway.app.addHook("preHandler", async (request) => {
    const body = (request.body ?? undefined) as Json | undefined;
    seen.push({
      method: request.method,
      url: request.url,
      headers: { ...request.headers },
      ...(body ? { body } : {}),
    });
    if (seen.length === 1 && body !== undefined) {
      const call = shellCall(body.tools);
      simulator.script({
        respond: {
          reply: { thought: "I will run the command.", functionCalls: [call], signature: SIGNATURE },
        },
      });
      simulator.script({ respond: { reply: { text: FINAL_MESSAGE } } });
    }
  });
  gateway.app.addHook("onResponse", async (request, reply) => {
    const record = seen.find((entry) => entry.status === undefined && entry.url === request.url);
    if (record !== undefined) record.status = reply.statusCode;
  });
  await gateway.app.listen({ port: 0, host: "127.0.0.1" });
  const address = gateway.app.server.address();
  agateUrl = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
  codexHome = tempDir("agate-codex-home-");
  workdir = tempDir("agate-codex-work-");
  writeFileSync(join(codexHome, "config.toml"), codexConfig(agateUrl));
});

afterAll(async () => {
  await gateway?.close();
  await simulator?.close();
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `codex exec --skip-git-repo-check "<prompt>" </dev/null` with only the environment it needs. */
function codexExec(prompt: string): Promise<Run> {
  const child: ChildProcess = spawn(
    process.execPath,
    [CODEX_JS, "exec", "--skip-git-repo-check", "--strict-config", "--color", "never", "-C", workdir, prompt],
    {
      cwd: workdir,
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: codexHome,
        CODEX_HOME: codexHome,
        AGATE_CODEX_KEY: CLIENT_KEY,
        LANG: "C.UTF-8",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

type Item = Json & { type: string };
const items = (body: Json | undefined): Item[] => (Array.isArray(body?.input) ? (body.input as Item[]) : []);
type GeminiPart = Json & { functionCall?: Json; functionResponse?: Json; thoughtSignature?: string };
type GeminiBody = { contents: { role: string; parts: GeminiPart[] }[] };

describe("the Codex CLI against agate", () => {
  it("codex exec: a shell tool call runs, its output goes back upstream, the final message is printed", async () => {
    const run = await codexExec(PROMPT);
    const report = `exit ${run.code} ${run.signal ?? ""}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
    expect(run.code, report).toBe(0);
    expect(run.stdout.trim(), report).toBe(FINAL_MESSAGE);
    expect(run.stderr, report).toContain("agate-ok");

    // Exactly two turns reached agate, both answered 200, nothing else was asked for.
    expect(
      seen.map((entry) => `${entry.method} ${entry.url} ${entry.status}`),
      report,
    ).toEqual(["POST /v1/responses 200", "POST /v1/responses 200"]);
    const [first, second] = seen;
    for (const request of [first, second]) {
      expect(request?.headers.authorization).toBe(`Bearer ${CLIENT_KEY}`);
      expect(request?.body).toMatchObject({
        model: CODEX_MODEL,
        stream: true,
        store: false,
        include: ["reasoning.encrypted_content"],
      });
      expect(request?.body).not.toHaveProperty("previous_response_id");
    }
    const call = shellCall(first?.body?.tools);
    const prompt = (item: Item) =>
      item.type === "message" && JSON.stringify(item.content).includes(JSON.stringify(PROMPT).slice(1, -1));
    expect(items(first?.body).some(prompt)).toBe(true);

    // The second turn carries the whole history: the prompt, the call as agate returned it, the shell output.
    const history = items(second?.body);
    expect(history.some(prompt)).toBe(true);
    const replayedCall = history.find((item) => item.type === "function_call");
    expect(replayedCall).toMatchObject({ name: call.name });
    expect(JSON.parse(String(replayedCall?.arguments))).toEqual(call.args);
    const output = history.find((item) => item.type === "function_call_output");
    expect(output?.call_id).toBe(replayedCall?.call_id);
    expect(JSON.stringify(output?.output)).toContain("agate-ok");
    expect(history.indexOf(output as Item)).toBeGreaterThan(history.indexOf(replayedCall as Item));

    // Upstream: two Gemini calls on the mapped model; the second replays the call with its thought signature
    // and hands the shell output back as the functionResponse.
    const upstream = simulator.requests.filter((request) => request.model !== undefined);
    expect(upstream.map((request) => request.model)).toEqual([GEMINI_MODEL, GEMINI_MODEL]);
    const contents = (upstream[1]?.body as GeminiBody | undefined)?.contents ?? [];
    const parts = contents.flatMap((content) => content.parts);
    expect(parts.find((part) => part.functionCall !== undefined)).toMatchObject({
      functionCall: { name: call.name, args: call.args },
      thoughtSignature: SIGNATURE,
    });
    const response = parts.find((part) => part.functionResponse !== undefined)?.functionResponse;
    expect(response).toMatchObject({ name: call.name });
    expect(JSON.stringify(response)).toContain("agate-ok");
    expect(contents.at(-1)?.role).toBe("user");
  });
});
