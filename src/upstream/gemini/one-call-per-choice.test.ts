import { describe, expect, it } from "vitest";
import type { GenerateEvent, GenerateRequest, GenerationSettings } from "../../hub/types.js";
import { UpstreamError } from "../upstream-error.js";
import {
  callsFor,
  completeChoices,
  completePerChoice,
  streamChoices,
  streamPerChoice,
} from "./one-call-per-choice.js";

const asking = (model: string, settings: GenerationSettings, stream = false): GenerateRequest => ({
  requestedModel: "gpt-4o",
  model,
  turns: [{ role: "user", parts: [{ type: "text", text: "hi" }] }],
  settings,
  stream,
});

const usage = (input: number, output: number) => ({
  type: "usage" as const,
  usage: { inputTokens: input, outputTokens: output, reasoningTokens: 0, cachedTokens: 0 },
});

/** What one call was asked, and the signal it was given. */
interface Call {
  request: GenerateRequest;
  signal: AbortSignal;
}

describe("callsFor: how many upstream calls answer a request", () => {
  it("n on Gemini 3 (rolling names included): one call per choice", () => {
    for (const model of ["gemini-3.5-flash", "models/gemini-3.1-pro-preview", "gemini-flash-latest"])
      expect(callsFor(asking(model, { candidateCount: 3 })), model).toBe(3);
  });

  it("one: n of 1 or unset, and every model that gives several candidates in one call (or may)", () => {
    expect(callsFor(asking("gemini-3.5-flash", {}))).toBe(1);
    expect(callsFor(asking("gemini-3.5-flash", { candidateCount: 1 }))).toBe(1);
    for (const model of ["gemini-2.5-flash", "gemini-2.0-flash", "my-tuned-model"])
      expect(callsFor(asking(model, { candidateCount: 4 })), model).toBe(1);
  });
});

describe("completeChoices (not streamed)", () => {
  it("n calls at once, each asking one candidate; call i's candidate is choice i; usage summed", async () => {
    const calls: Call[] = [];
    const request = asking("gemini-3.5-flash", { candidateCount: 3, temperature: 0.5 });
    const events = await completeChoices(request, new AbortController().signal, async (one, signal) => {
      const choice = calls.length;
      calls.push({ request: one, signal });
      return [
        { type: "text-delta", candidate: 0, text: `answer ${choice}` },
        { type: "finish", candidate: 0, reason: "stop" },
        usage(10, choice + 1),
      ];
    });
    expect(calls.map((call) => call.request.settings)).toEqual([
      { temperature: 0.5 },
      { temperature: 0.5 },
      { temperature: 0.5 },
    ]);
    expect(request.settings.candidateCount).toBe(3);
    expect(events).toEqual([
      { type: "text-delta", candidate: 0, text: "answer 0" },
      { type: "finish", candidate: 0, reason: "stop" },
      { type: "text-delta", candidate: 1, text: "answer 1" },
      { type: "finish", candidate: 1, reason: "stop" },
      { type: "text-delta", candidate: 2, text: "answer 2" },
      { type: "finish", candidate: 2, reason: "stop" },
      usage(30, 6),
    ]);
  });

  it("one call failing fails the answer with its error and aborts the others", async () => {
    const calls: Call[] = [];
    const limited = new Error("429");
    const answer = completeChoices(
      asking("gemini-3.5-flash", { candidateCount: 2 }),
      new AbortController().signal,
      (one, signal) => {
        calls.push({ request: one, signal });
        if (calls.length === 2) return Promise.reject(limited);
        return new Promise<GenerateEvent[]>((_resolve, reject) =>
          signal.addEventListener("abort", () => reject(new Error("aborted"))),
        );
      },
    );
    await expect(answer).rejects.toBe(limited);
    expect(calls.map((call) => call.signal.aborted)).toEqual([true, true]);
  });

  it("one call failing after another answered: the answered call's usage goes on the error (billed)", async () => {
    const refused = new UpstreamError("refused", { kind: "http", status: 400 });
    let answeredFirst: () => void = () => undefined;
    const firstAnswered = new Promise<void>((resolve) => {
      answeredFirst = resolve;
    });
    let calls = 0;
    const answer = completeChoices(
      asking("gemini-3.5-flash", { candidateCount: 3 }),
      new AbortController().signal,
      async (_one, signal) => {
        calls += 1;
        if (calls === 1) {
          setImmediate(answeredFirst);
          return [{ type: "finish", candidate: 0, reason: "stop" }, usage(3, 1), usage(10, 4)];
        }
        if (calls === 2) {
          await firstAnswered;
          throw refused;
        }
        return new Promise<GenerateEvent[]>((_resolve, reject) =>
          signal.addEventListener("abort", () => reject(new Error("aborted"))),
        );
      },
    );
    await expect(answer).rejects.toBe(refused);
    expect(refused.spent).toEqual(usage(10, 4).usage);
  });

  it("the client going away aborts every call", async () => {
    const calls: Call[] = [];
    const client = new AbortController();
    const answer = completeChoices(
      asking("gemini-3.5-flash", { candidateCount: 2 }),
      client.signal,
      (one, signal) => {
        calls.push({ request: one, signal });
        return new Promise<GenerateEvent[]>((_resolve, reject) =>
          signal.addEventListener("abort", () => reject(new Error("aborted"))),
        );
      },
    );
    client.abort();
    await expect(answer).rejects.toThrow("aborted");
    expect(calls.map((call) => call.signal.aborted)).toEqual([true, true]);
  });
});

describe("streamChoices (streamed)", () => {
  it("n streamed calls, each asking one candidate, merged as choices 0..n-1; nothing starts before the first read", async () => {
    const calls: Call[] = [];
    const stream = streamChoices(
      asking("gemini-3.5-flash", { candidateCount: 2 }, true),
      new AbortController().signal,
      async function* (one, signal) {
        const choice = calls.length;
        calls.push({ request: one, signal });
        yield { type: "text-delta", candidate: 0, text: `answer ${choice}` };
        yield { type: "finish", candidate: 0, reason: "stop" };
        yield usage(4, 2);
      },
    );
    expect(calls).toEqual([]);
    const events: GenerateEvent[] = [];
    for await (const event of stream) events.push(event);
    expect(calls.map((call) => call.request.settings)).toEqual([{}, {}]);
    expect(calls.every((call) => call.request.stream)).toBe(true);
    expect(events).toEqual([
      { type: "text-delta", candidate: 0, text: "answer 0" },
      { type: "text-delta", candidate: 1, text: "answer 1" },
      { type: "finish", candidate: 0, reason: "stop" },
      { type: "finish", candidate: 1, reason: "stop" },
      usage(8, 4),
    ]);
  });

  it("the client going away mid-answer aborts every call", async () => {
    const calls: Call[] = [];
    const client = new AbortController();
    const stream = streamChoices(
      asking("gemini-3.5-flash", { candidateCount: 3 }, true),
      client.signal,
      async function* (one, signal) {
        calls.push({ request: one, signal });
        yield { type: "text-delta", candidate: 0, text: "first" };
        await new Promise((_resolve, reject) =>
          signal.addEventListener("abort", () => reject(new Error("aborted"))),
        );
      },
    );
    const iterator = stream[Symbol.asyncIterator]();
    for (let choice = 0; choice < 3; choice++) await iterator.next();
    const waiting = iterator.next();
    client.abort();
    await expect(waiting).rejects.toThrow("aborted");
    expect(calls.map((call) => call.signal.aborted)).toEqual([true, true, true]);
  });
});

describe("streamPerChoice / completePerChoice: what a spoke's generate and complete call", () => {
  it("one choice: the call itself, its own events, nothing in between", async () => {
    const request = asking("gemini-3.5-flash", { candidateCount: 1 }, true);
    const own = (async function* (): AsyncGenerator<GenerateEvent> {})();
    const asked: GenerateRequest[] = [];
    const stream = streamPerChoice(request, new AbortController().signal, (one) => {
      asked.push(one);
      return own;
    });
    expect(stream).toBe(own);
    expect(asked).toEqual([request]);
    const whole: GenerateEvent[] = [];
    expect(await completePerChoice(request, new AbortController().signal, async () => whole)).toBe(whole);
  });

  it("several choices on Gemini 3: one call per choice, each asking one candidate", async () => {
    const request = asking("gemini-3.5-flash", { candidateCount: 2 });
    const asked: GenerateRequest[] = [];
    const events = await completePerChoice(request, new AbortController().signal, async (one) => {
      asked.push(one);
      return [{ type: "text-delta", candidate: 0, text: "x" }];
    });
    expect(asked.map((one) => one.settings.candidateCount)).toEqual([undefined, undefined]);
    expect(events.map((event) => "candidate" in event && event.candidate)).toEqual([0, 1]);
    const streamed: GenerateRequest[] = [];
    const stream = streamPerChoice(request, new AbortController().signal, async function* (one) {
      streamed.push(one);
      yield { type: "text-delta", candidate: 0, text: "y" } as GenerateEvent;
    });
    const candidates: number[] = [];
    for await (const event of stream) if ("candidate" in event) candidates.push(event.candidate);
    expect(streamed).toHaveLength(2);
    expect(candidates.sort()).toEqual([0, 1]);
  });
});
