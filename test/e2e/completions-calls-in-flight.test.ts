import { afterEach, describe, expect, it } from "vitest";
import type { Simulator } from "../../src/simulator/index.js";
import { geminiAccounts, generations, type PoolStack, startPoolStack } from "../pool/support.js";
import { expectNoneInFlight } from "../reliability/support.js";

/**
 * Legacy completions make one upstream call per prompt, and on Gemini 3 one per prompt and choice: 16 prompts
 * with `n` 8 would be 128 calls at once. One request has at most 8 upstream calls in flight; the others wait
 * their turn, in prompt order, and the choices keep their order, streamed or not.
 */

const CAP = 8;

let stack: PoolStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

/** The most generation calls the simulator had open at once (one ending as another starts: not both). */
function mostAtOnce(simulator: Simulator): number {
  const moments = generations(simulator).flatMap((call) => [
    { at: call.receivedAt, change: 1 },
    { at: call.closedAt ?? Number.POSITIVE_INFINITY, change: -1 },
  ]);
  moments.sort((a, b) => a.at - b.at || a.change - b.change);
  let open = 0;
  let most = 0;
  for (const { change } of moments) {
    open += change;
    most = Math.max(most, open);
  }
  return most;
}

async function complete(current: PoolStack, body: Record<string, unknown>) {
  const response = await fetch(`${current.url}/v1/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  expect(response.status).toBe(200);
  return response.text();
}

/** The texts of a legacy completion's choices by index, from its JSON or its SSE chunks. */
function choiceTexts(body: string, stream: boolean): string[] {
  const chunks: { choices?: { index: number; text: string }[] }[] = stream
    ? body
        .split("\n")
        .filter((line) => line.startsWith("data: {"))
        .map((line) => JSON.parse(line.slice("data: ".length)))
    : [JSON.parse(body)];
  const texts: string[] = [];
  for (const chunk of chunks)
    for (const choice of chunk.choices ?? []) texts[choice.index] = (texts[choice.index] ?? "") + choice.text;
  return texts;
}

describe.each([
  ["not streamed", false],
  ["streamed", true],
])("completions, %s: the upstream calls one request has in flight", (_, stream) => {
  it.each([
    ["gemini-2.5-flash, 12 prompts (one call each)", "gemini-2.5-flash", 12, 1],
    ["gemini-3-flash-preview, 3 prompts × n 4 (one call per choice)", "gemini-3-flash-preview", 3, 4],
    ["gemini-3-flash-preview, 16 prompts × n 8", "gemini-3-flash-preview", 16, 8],
  ])("%s: at most 8 at once, the rest queued", async (_name, model, prompts, n) => {
    stack = await startPoolStack({ accounts: geminiAccounts(1) });
    // The first eight calls answer slowly enough that all eight are open together even on a busy machine
    // (at 40 ms each, the first could end before the eighth arrived: 4 to 6 at once were seen); the rest fast.
    stack.simulator.script({ times: CAP, delayMs: 500, respond: { reply: { text: "answer" } } });
    stack.simulator.script({ forever: true, delayMs: 40, respond: { reply: { text: "answer" } } });
    const body = await complete(stack, {
      model,
      stream,
      n,
      prompt: Array.from({ length: prompts }, (_, index) => `prompt ${index}`),
    });
    expect(choiceTexts(body, stream)).toEqual(Array(prompts * n).fill("answer"));
    expect(generations(stack.simulator)).toHaveLength(prompts * n);
    expect(mostAtOnce(stack.simulator)).toBe(CAP);
    await expectNoneInFlight(stack.gateway);
  });

  it("one of the first prompts failing fails the request at once: the queued prompts never start", async () => {
    stack = await startPoolStack({ accounts: geminiAccounts(1) });
    stack.simulator.script({
      delayMs: 50,
      respond: { error: { status: 400, body: { error: { code: 400, message: "refused prompt" } } } },
    });
    stack.simulator.script({ forever: true, delayMs: 2_000, respond: { reply: { text: "answer" } } });
    const startedAt = Date.now();
    const response = await fetch(`${stack.url}/v1/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        model: "gemini-2.5-flash",
        stream,
        prompt: Array.from({ length: 12 }, (_, index) => `prompt ${index}`),
      }),
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("refused prompt");
    expect(Date.now() - startedAt).toBeLessThan(1_500);
    await expectNoneInFlight(stack.gateway);
    expect(generations(stack.simulator)).toHaveLength(CAP);
  });

  it("16 prompts × n 2 on Gemini 3: every choice in its place", async () => {
    stack = await startPoolStack({ accounts: geminiAccounts(1) });
    const prompts = Array.from({ length: 16 }, (_, index) => `prompt number ${index}`);
    const body = await complete(stack, { model: "gemini-3-flash-preview", stream, n: 2, prompt: prompts });
    const texts = choiceTexts(body, stream);
    expect(texts).toHaveLength(32);
    texts.forEach((text, index) => {
      expect(text).toContain(`You said: prompt number ${Math.floor(index / 2)}`);
    });
    expect(mostAtOnce(stack.simulator)).toBeLessThanOrEqual(CAP);
  });
});

describe("completions, streamed: a queued prompt that fails when its turn comes", () => {
  it("ends the stream with an error frame after the prompts before it", async () => {
    stack = await startPoolStack({ accounts: geminiAccounts(1) });
    stack.simulator.script({ times: CAP, delayMs: 20, respond: { reply: { text: "answer" } } });
    stack.simulator.script({
      respond: { error: { status: 400, body: { error: { code: 400, message: "refused prompt" } } } },
    });
    const body = await complete(stack, {
      model: "gemini-2.5-flash",
      stream: true,
      prompt: Array.from({ length: CAP + 1 }, (_, index) => `prompt ${index}`),
    });
    expect(choiceTexts(body, true)).toEqual(Array(CAP).fill("answer"));
    expect(body).toContain('data: {"error":');
    expect(body).toContain("refused prompt");
    expect(body.endsWith("data: [DONE]\n\n")).toBe(true);
    await expectNoneInFlight(stack.gateway);
  });
});

describe("completions, streamed: a prompt's slot is freed when its upstream call ends", () => {
  it("a queued prompt does not wait for the stream to reach a finished prompt behind a slow one", async () => {
    stack = await startPoolStack({ accounts: geminiAccounts(1) });
    // The first call to arrive (any of the first eight prompts) answers slowly; every other one at once.
    const words = Array.from({ length: 30 }, (_, index) => `word${index}`).join(" ");
    stack.simulator.script({ chunkDelayMs: 100, respond: { reply: { text: words } } });
    stack.simulator.script({ forever: true, respond: { reply: { text: "answer" } } });
    const prompts = 2 * CAP;
    const body = await complete(stack, {
      model: "gemini-2.5-flash",
      stream: true,
      prompt: Array.from({ length: prompts }, (_, index) => `prompt ${index}`),
    });
    const texts = choiceTexts(body, true);
    expect(texts.filter((text) => text === words)).toHaveLength(1);
    expect(texts.filter((text) => text === "answer")).toHaveLength(prompts - 1);
    const [slow, ...others] = generations(stack.simulator);
    expect(others).toHaveLength(prompts - 1);
    // Each queued prompt started once an earlier fast prompt's call had ended, while the slow one still ran:
    // the stream reads the prompts in order, and would reach those behind the slow one only after it.
    const slowEnd = slow?.closedAt ?? 0;
    for (const call of others) expect(call.receivedAt).toBeLessThan(slowEnd);
    await expectNoneInFlight(stack.gateway);
  });
});
