import OpenAI from "openai";
import type { ResponseInputItem, ResponseOutputItem } from "openai/resources/responses/responses";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signatureFromId } from "../../src/hub/tool-call-id.js";
import { type Stack, startStack } from "../helpers/stack.js";

/**
 * Gemini 3 signs an answer without a function call on its last part (streamed, on an empty text part of the
 * last chunk). Google recommends sending it back; the Responses API carries it — in a reasoning item's
 * encrypted_content with include: ["reasoning.encrypted_content"], and in the store for previous_response_id —
 * and it reaches Gemini again on the answer's text. Through the official openai SDK.
 */

let stack: Stack;
let client: OpenAI;

beforeAll(async () => {
  stack = await startStack(1);
  client = new OpenAI({ baseURL: `${stack.url}/v1`, apiKey: "unused", maxRetries: 0 });
});
afterAll(() => stack.close());
beforeEach(() => stack.simulator.reset());

const MODEL = "gemini-3-pro-preview";
const SIGNATURE = "c2lnbmVkLWFuc3dlci10ZXh0LTAxMjM0NTY3ODk=";
const signedAnswer = () =>
  stack.simulator.script({ respond: { reply: { text: "Bonjour!", signature: SIGNATURE } } });

interface UpstreamBody {
  contents: { role: string; parts: { text?: string; thoughtSignature?: string }[] }[];
}

/** The contents of the last generation request the simulator received. */
function lastUpstreamContents(): UpstreamBody["contents"] {
  const generations = stack.simulator.requests.filter((request) => request.model !== undefined);
  return (generations.at(-1)?.body as UpstreamBody | undefined)?.contents ?? [];
}

/** The model turn that replays "Bonjour!" in the last upstream request. */
const replayedAnswer = () =>
  lastUpstreamContents().find(
    (content) => content.role === "model" && content.parts.at(-1)?.text === "Bonjour!",
  );

const asInput = (items: ResponseOutputItem[]) => items as unknown as ResponseInputItem[];

describe("the signature of a Gemini 3 answer through the Responses API", () => {
  it("JSON, include encrypted_content, no summary: a reasoning item (summary []) before the message carries it back", async () => {
    signedAnswer();
    const first = await client.responses.create({
      model: MODEL,
      input: "Say hello in French.",
      store: false,
      include: ["reasoning.encrypted_content"],
    });
    expect(first.output.map((item) => item.type)).toEqual(["reasoning", "message"]);
    const reasoning = first.output[0] as OpenAI.Responses.ResponseReasoningItem;
    expect(reasoning.summary).toEqual([]);
    expect(reasoning.encrypted_content).toContain(SIGNATURE);
    expect(first.output_text).toBe("Bonjour!");

    // Stateless, as the AI SDK with store: false: the whole output sent back.
    await client.responses.create({
      model: MODEL,
      store: false,
      input: [
        { role: "user", content: "Say hello in French." },
        ...asInput(first.output),
        { role: "user", content: "And in Spanish?" },
      ],
    });
    expect(replayedAnswer()?.parts.at(-1)).toEqual({ text: "Bonjour!", thoughtSignature: SIGNATURE });
  });

  it("streamed: the reasoning item is done before the message starts, and the items of output_item.done bring the signature back", async () => {
    signedAnswer();
    const stream = client.responses.stream({
      model: MODEL,
      input: "Say hello in French.",
      store: false,
      include: ["reasoning.encrypted_content"],
    });
    const order: string[] = [];
    const done: ResponseOutputItem[] = [];
    for await (const event of stream) {
      if (event.type === "response.output_item.added") order.push(`added ${event.item.type}`);
      if (event.type === "response.output_item.done") {
        order.push(`done ${event.item.type}`);
        done.push(event.item);
      }
    }
    expect(order).toEqual(["added reasoning", "done reasoning", "added message", "done message"]);
    expect((done[0] as OpenAI.Responses.ResponseReasoningItem).summary).toEqual([]);
    expect((done[0] as OpenAI.Responses.ResponseReasoningItem).encrypted_content).toMatch(/./);

    // As Codex replays a turn: the items of output_item.done, without their ids.
    const replayed = done.map(({ id: _id, ...item }) => item) as unknown as ResponseInputItem[];
    await client.responses.create({
      model: MODEL,
      store: false,
      input: [
        { role: "user", content: "Say hello in French." },
        ...replayed,
        { role: "user", content: "Thanks!" },
      ],
    });
    expect(replayedAnswer()?.parts.at(-1)).toEqual({ text: "Bonjour!", thoughtSignature: SIGNATURE });
  });

  it.each([false, true])(
    "previous_response_id (stream: %s, no include): the stored answer goes back signed",
    async (streamed) => {
      signedAnswer();
      const first = streamed
        ? await client.responses.stream({ model: MODEL, input: "Say hello in French." }).finalResponse()
        : await client.responses.create({ model: MODEL, input: "Say hello in French." });
      expect(first.output.map((item) => item.type)).toEqual(["message"]);
      await client.responses.create({
        model: MODEL,
        previous_response_id: first.id,
        input: "And in Spanish?",
      });
      expect(replayedAnswer()?.parts.at(-1)).toEqual({ text: "Bonjour!", thoughtSignature: SIGNATURE });
    },
  );

  it("the simulator's own Gemini 3 echo: its signature goes back on the answer's text", async () => {
    const first = await client.responses.create({
      model: MODEL,
      input: "hello there",
      store: false,
      include: ["reasoning.encrypted_content"],
    });
    const reasoning = first.output[0] as OpenAI.Responses.ResponseReasoningItem;
    const [, issued] = reasoning.encrypted_content?.split(":") ?? [];
    expect(issued).toMatch(/^[A-Za-z0-9+/=]{40,}$/);
    await client.responses.create({
      model: MODEL,
      store: false,
      input: [
        { role: "user", content: "hello there" },
        ...asInput(first.output),
        { role: "user", content: "again" },
      ],
    });
    const model = lastUpstreamContents().find((content) => content.role === "model");
    expect(model?.parts.at(-1)?.thoughtSignature).toBe(issued);
  });

  it("a signed function call without thoughts shown: a reasoning item (summary []) before it carries its signature", async () => {
    stack.simulator.script({
      respond: { reply: { functionCalls: [{ name: "lookup", args: { q: "x" } }], signature: true } },
    });
    const answer = await client.responses.create({
      model: MODEL,
      input: "look it up",
      store: false,
      include: ["reasoning.encrypted_content"],
      tools: [
        {
          type: "function",
          name: "lookup",
          parameters: { type: "object", properties: { q: { type: "string" } } },
          strict: false,
        },
      ],
    });
    expect(answer.output.map((item) => item.type)).toEqual(["reasoning", "function_call"]);
    const call = answer.output[1] as OpenAI.Responses.ResponseFunctionToolCall;
    expect((answer.output[0] as OpenAI.Responses.ResponseReasoningItem).encrypted_content).toBe(
      signatureFromId(call.call_id),
    );
  });
});

describe("chat completions: no field for an answer's signature", () => {
  it("a signed Gemini 3 answer streams as before: no empty content chunk for the signature part", async () => {
    signedAnswer();
    const stream = await client.chat.completions.create({
      model: MODEL,
      stream: true,
      messages: [{ role: "user", content: "Say hello in French." }],
    });
    const deltas: unknown[] = [];
    for await (const chunk of stream) if (chunk.choices[0] !== undefined) deltas.push(chunk.choices[0].delta);
    expect(deltas.filter((delta) => JSON.stringify(delta) === '{"content":""}')).toEqual([]);
  });
});
