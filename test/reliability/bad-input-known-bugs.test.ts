import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { type PoolStack, startPoolStack } from "../pool/support.js";
import { expectErrorShape, send } from "./support.js";

/**
 * The hostile bodies the property tests found mishandled (issue 6 §2), each pinned here with fixed inputs so
 * that it stays visible (or, once fixed, stays fixed) whatever the generator draws.
 */

let simulator: Simulator;
let stack: PoolStack;
beforeAll(async () => {
  simulator = await startSimulator({ quiet: true });
  stack = await startPoolStack({
    simulator,
    accounts: [{ kind: "gemini", label: "bugs", api_key: "key-bugs" }],
  });
});
afterAll(async () => {
  await stack.close();
  await simulator.close();
});

const deepArray = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

describe("model names that cannot go into a header", () => {
  it.each(["模型", "a\r\nSet-Cookie: x=1", "\u0000", "gpt\u007f", "\ufffd"])(
    "POST /v1/chat/completions with model %j → 400 naming param model",
    async (model) => {
      const answer = await send(`${stack.url}/v1/chat/completions`, {
        body: { model, messages: [{ role: "user", content: "hi" }] },
      });
      expect(answer.status).toBe(400);
      expect(expectErrorShape(answer.body).param).toBe("model");
    },
  );

  it("POST /v1/responses with a model holding a newline → 400 naming param model", async () => {
    const answer = await send(`${stack.url}/v1/responses`, { body: { model: "a\nb", input: "hi" } });
    expect(answer.status).toBe(400);
    expect(expectErrorShape(answer.body).param).toBe("model");
  });

  it("POST /v1/chat/completions with a 100,000-character model → 400 naming param model", async () => {
    const answer = await send(`${stack.url}/v1/chat/completions`, {
      body: { model: "x".repeat(100_000), messages: [{ role: "user", content: "hi" }] },
    });
    expect(answer.status).toBe(400);
    expect(expectErrorShape(answer.body).param).toBe("model");
  });

  it("control: a model name with Latin-1 letters still gets an OpenAI-shaped answer", async () => {
    const answer = await send(`${stack.url}/v1/chat/completions`, {
      body: { model: "modèle", messages: [{ role: "user", content: "hi" }] },
    });
    expect(answer.status).toBe(404);
    expect(expectErrorShape(answer.body).param).toBe("model");
  });
});

/**
 * Found by the property tests while this suite was written: the JSON parser accepts nesting far deeper than
 * JSON.stringify can write back, so a Responses request holding a value nested ~7,000+ levels deep in an
 * echoed (tools, tool_choice) or stored (input items) place made agate fail on its own answer after the
 * upstream call (500, or a stream destroyed midway). src/server/body-depth.ts now refuses such bodies; these
 * keep it so.
 */
describe("very deeply nested values in Responses requests", () => {
  const deep = deepArray(10_000);
  const cases: [string, string][] = [
    [
      "an unknown field of a stored input item",
      `"input":[{"role":"user","content":[{"type":"input_text","text":"hi","extra":${deep}}]}]`,
    ],
    [
      "an unknown field of tool_choice (echoed)",
      `"store":false,"input":"hi","tool_choice":{"type":"auto_x","extra":${deep}}`,
    ],
    [
      "an unknown field of a tool (echoed)",
      `"store":false,"input":"hi","tools":[{"type":"function","name":"f","extra":${deep}}]`,
    ],
  ];
  for (const [name, fields] of cases) {
    for (const stream of [false, true]) {
      it(`${name}, stream ${stream} → a 400 in the OpenAI shape or the answer, never a 5xx or a cut`, async () => {
        const answer = await send(`${stack.url}/v1/responses`, {
          body: `{"model":"gemini-2.5-flash","stream":${stream},${fields}}`,
        }).catch((error: unknown) => ({ status: -1, body: String(error), headers: {} }));
        expect([200, 400], answer.body.slice(0, 300)).toContain(answer.status);
        if (answer.status === 400) expectErrorShape(answer.body);
        else if (stream) expect(answer.body).toMatch(/response\.(completed|failed)/);
      });
    }
  }

  it("control: a real request's nesting (100 levels in an unknown field) is answered", async () => {
    const answer = await send(`${stack.url}/v1/responses`, {
      body: `{"model":"gemini-2.5-flash","input":[{"role":"user","content":[{"type":"input_text","text":"hi","extra":${deepArray(100)}}]}]}`,
    });
    expect(answer.status, answer.body.slice(0, 300)).toBe(200);
  });
});
