import OpenAI from "openai";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { signatureFromId } from "../../src/hub/tool-call-id.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { tempDir } from "../helpers/temp-dir.js";
import { testConfig } from "../helpers/test-config.js";

let simulator: Simulator;
const dataDir = tempDir("agate-restart-");

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, quiet: true });
});
afterAll(() => simulator.close());

async function start(): Promise<{ gateway: Gateway; client: OpenAI }> {
  const config = testConfig({
    data_dir: dataDir,
    accounts: [{ kind: "gemini", label: "a@test", api_key: "k", base_url: simulator.url }],
  });
  const gateway = await createGateway(config, { logger: false });
  await gateway.app.listen({ port: 0, host: "127.0.0.1" });
  const address = gateway.app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    gateway,
    client: new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: "x", maxRetries: 0 }),
  };
}

const tools: OpenAI.Chat.ChatCompletionTool[] = [
  {
    type: "function",
    function: { name: "lookup", parameters: { type: "object", properties: { q: { type: "string" } } } },
  },
];

it("after a restart, a replayed call whose id lost its signature gets it back from the store", async () => {
  simulator.script({
    respond: { reply: { functionCalls: [{ name: "lookup", args: { q: "x" } }], signature: true } },
  });
  const first = await start();
  const answer = await first.client.chat.completions.create({
    model: "gemini-3-pro-preview",
    messages: [{ role: "user", content: "look it up" }],
    tools,
  });
  const call = answer.choices[0]?.message
    .tool_calls?.[0] as OpenAI.Chat.ChatCompletionMessageFunctionToolCall;
  await first.gateway.close();

  const second = await start();
  const shortId = call.id.slice(0, call.id.indexOf("__ts_"));
  const before = simulator.requests.length;
  const replay = await second.client.chat.completions.create({
    model: "gemini-3-pro-preview",
    tools,
    messages: [
      { role: "user", content: "look it up" },
      { role: "assistant", content: null, tool_calls: [{ ...call, id: shortId }] },
      { role: "tool", tool_call_id: shortId, content: "found" },
    ],
  });
  expect(replay.choices[0]?.finish_reason).toBe("stop");
  const body = simulator.requests.slice(before).find((request) => request.model !== undefined)?.body as {
    contents: { parts: { thoughtSignature?: string }[] }[];
  };
  expect(body.contents[1]?.parts[0]?.thoughtSignature).toBe(signatureFromId(call.id));
  await second.gateway.close();
});
