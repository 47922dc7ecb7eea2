import { generateText, streamText } from "ai";
import type OpenAI from "openai";
import { beforeAll, describe, expect, it } from "vitest";
import { aiSdkProvider, langchainModel, openaiClient } from "../helpers/sdk-clients.js";
import { sharedStack } from "../helpers/shared-stack.js";
import { generationBodies } from "../helpers/sim-requests.js";

/**
 * What a client's reasoning settings let it see, end to end through the official openai SDK: the thoughts
 * as a Responses reasoning summary only when `reasoning.summary` asks for one, and no reasoning at all when
 * the effort is `none` (Gemini 3 and 2.5 Pro cannot stop thinking; whatever they did stays inside).
 */
const stack = sharedStack();
let client: OpenAI;
beforeAll(() => {
  client = openaiClient(stack.url);
});

const THOUGHT = "**Greeting**\n\nThe user says hi; I will answer briefly.";
const SIGNATURE = "Q2lRQlZLaFRfc2lnbmF0dXJl";

/** Gemini answers with its thoughts and then the text (signed), as a thinking model does. */
const thinkingReply = () =>
  stack.simulator.script({
    forever: true,
    respond: { reply: { thought: THOUGHT, text: "Hi there.", signature: SIGNATURE } },
  });

const lastThinkingConfig = () => generationBodies(stack.simulator).at(-1)?.generationConfig?.thinkingConfig;

describe("Responses: reasoning.summary decides whether the thoughts are shown", () => {
  it("an effort without a summary: the reasoning item has summary [] and still its encrypted_content", async () => {
    thinkingReply();
    const response = await client.responses.create({
      model: "gemini-2.5-flash",
      input: "hi",
      reasoning: { effort: "medium" },
      include: ["reasoning.encrypted_content"],
      store: false,
    });
    expect(lastThinkingConfig()).toEqual({ includeThoughts: false, thinkingBudget: 8192 });
    expect(response.output.map((item) => item.type)).toEqual(["reasoning", "message"]);
    // Gemini signs an answer without a call on its last text part: the reasoning item's encrypted_content
    // is there (include asked for it) but holds no signature.
    expect(response.output[0]).toEqual({
      type: "reasoning",
      id: expect.stringMatching(/^rs_/),
      summary: [],
      encrypted_content: null,
    });
    expect(response.output_text).toBe("Hi there.");
    expect(response.reasoning).toEqual({ effort: "medium", summary: null });
  });

  it("streamed without a summary: no reasoning_summary events, the item added and done with summary []", async () => {
    thinkingReply();
    const stream = client.responses.stream({
      model: "gemini-3-pro-preview",
      input: "hi",
      reasoning: { effort: "high" },
    });
    const types: string[] = [];
    const reasoningItems: unknown[] = [];
    for await (const event of stream) {
      types.push(event.type);
      if (
        (event.type === "response.output_item.added" || event.type === "response.output_item.done") &&
        event.item.type === "reasoning"
      )
        reasoningItems.push(event.item);
    }
    expect(lastThinkingConfig()).toEqual({ includeThoughts: false, thinkingLevel: "high" });
    expect(types.filter((type) => type.startsWith("response.reasoning_summary"))).toEqual([]);
    expect(reasoningItems).toEqual([
      { type: "reasoning", id: expect.stringMatching(/^rs_/), summary: [] },
      { type: "reasoning", id: expect.stringMatching(/^rs_/), summary: [] },
    ]);
    const final = await stream.finalResponse();
    expect(final.output[0]).toMatchObject({ type: "reasoning", summary: [] });
    expect(final.output_text).toBe("Hi there.");
  });

  it.each(["auto", "concise", "detailed"] as const)(
    "summary %s: the thoughts come as the summary",
    async (summary) => {
      thinkingReply();
      const response = await client.responses.create({
        model: "gemini-2.5-flash",
        input: "hi",
        reasoning: { effort: "low", summary },
      });
      expect(lastThinkingConfig()).toEqual({ includeThoughts: true, thinkingBudget: 1024 });
      expect(response.output[0]).toMatchObject({
        type: "reasoning",
        summary: [{ type: "summary_text", text: THOUGHT }],
      });
    },
  );

  it("a summary without an effort: the thoughts, at the model's own thinking level", async () => {
    const response = await client.responses.create({
      model: "gemini-2.5-flash",
      input: "hi",
      reasoning: { summary: "auto" },
    });
    expect(lastThinkingConfig()).toEqual({ includeThoughts: true });
    expect(response.output[0]).toMatchObject({ type: "reasoning", summary: [{ type: "summary_text" }] });
  });
});

describe("effort none: no reasoning reaches the client, whatever the model did", () => {
  it("Responses on Gemini 3 (which still thinks, at its lowest level): no summary even when one is asked", async () => {
    thinkingReply();
    const stream = client.responses.stream({
      model: "gemini-3-flash-preview",
      input: "hi",
      reasoning: { effort: "none", summary: "auto" },
    });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalResponse();
    expect(lastThinkingConfig()).toEqual({ includeThoughts: false, thinkingLevel: "minimal" });
    expect(types.filter((type) => type.startsWith("response.reasoning_summary"))).toEqual([]);
    // The model thought all the same: its reasoning item is there, with no summary.
    const reasoning = final.output.filter((item) => item.type === "reasoning");
    expect(reasoning).toHaveLength(1);
    expect(reasoning[0]?.summary).toEqual([]);
    expect(final.output_text).toBe("Hi there.");
    expect(final.reasoning).toEqual({ effort: "none", summary: "auto" });
  });

  it("chat on Gemini 3: no reasoning_content, JSON or streamed", async () => {
    thinkingReply();
    const answer = await client.chat.completions.create({
      model: "gemini-3-pro-preview",
      reasoning_effort: "none",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(lastThinkingConfig()).toEqual({ includeThoughts: false, thinkingLevel: "low" });
    expect(answer.choices[0]?.message).toEqual({
      role: "assistant",
      content: "Hi there.",
      refusal: null,
    });
    const stream = await client.chat.completions.create({
      model: "gemini-3-pro-preview",
      reasoning_effort: "none",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
    });
    const deltas: Record<string, unknown>[] = [];
    for await (const chunk of stream) for (const choice of chunk.choices) deltas.push({ ...choice.delta });
    expect(deltas.some((delta) => "reasoning_content" in delta)).toBe(false);
    expect(deltas.map((delta) => delta.content ?? "").join("")).toBe("Hi there.");
  });

  it("chat on 2.5 Pro (128 tokens of thinking at least): the budget kept, the thoughts not asked for", async () => {
    const answer = await client.chat.completions.create({
      model: "gemini-2.5-pro",
      reasoning_effort: "none",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(lastThinkingConfig()).toEqual({ includeThoughts: false, thinkingBudget: 128 });
    expect(answer.choices[0]?.message).not.toHaveProperty("reasoning_content");
  });

  it("chat with another effort still shows the thoughts as reasoning_content", async () => {
    thinkingReply();
    const answer = await client.chat.completions.create({
      model: "gemini-3-pro-preview",
      reasoning_effort: "low",
      messages: [{ role: "user", content: "hi" }],
    });
    expect(lastThinkingConfig()).toEqual({ includeThoughts: true, thinkingLevel: "low" });
    const message = answer.choices[0]?.message as { reasoning_content?: string } | undefined;
    expect(message?.reasoning_content).toBe(THOUGHT);
  });
});

describe("Responses clients that ask for a summary get it", () => {
  it("the Vercel AI SDK (reasoningSummary auto): the thoughts as its reasoning text, JSON and streamed", async () => {
    thinkingReply();
    const provider = aiSdkProvider(stack.url);
    const options = { openai: { reasoningEffort: "low", reasoningSummary: "auto" } };
    const result = await generateText({ model: provider("o4-mini"), prompt: "hi", providerOptions: options });
    expect(result.reasoningText).toBe(THOUGHT);
    expect(result.text).toBe("Hi there.");
    const streamed = streamText({ model: provider("o4-mini"), prompt: "hi", providerOptions: options });
    expect(await streamed.reasoningText).toBe(THOUGHT);
    expect(await streamed.text).toBe("Hi there.");
    expect(lastThinkingConfig()).toEqual({ includeThoughts: true, thinkingLevel: "low" });
  });

  it("the Vercel AI SDK without reasoningSummary: no reasoning text", async () => {
    thinkingReply();
    const provider = aiSdkProvider(stack.url);
    const result = await generateText({
      model: provider("o4-mini"),
      prompt: "hi",
      providerOptions: { openai: { reasoningEffort: "low" } },
    });
    expect(result.reasoningText ?? "").toBe("");
    expect(result.text).toBe("Hi there.");
  });

  it("LangChain's useResponsesApi with reasoning {effort, summary}: the summary on the message", async () => {
    thinkingReply();
    const model = langchainModel(stack.url, "o4-mini", {
      useResponsesApi: true,
      reasoning: { effort: "low", summary: "auto" },
    });
    const answer = await model.invoke("hi");
    expect(answer.text).toBe("Hi there.");
    expect(answer.additional_kwargs.reasoning).toMatchObject({
      type: "reasoning",
      summary: [{ type: "summary_text", text: THOUGHT }],
    });
  });
});
