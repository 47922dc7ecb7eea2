import { describe, expect, it } from "vitest";
import { carrySignature, resolveSignatures } from "./thought-signatures.js";
import { idWithSignature, idWithUpstreamCallId, upstreamCallIdFromId } from "./tool-call-id.js";
import type { GenerateEvent, GenerateRequest } from "./types.js";

class MemoryStore {
  readonly saved = new Map<string, string>();
  readonly lookups: (readonly string[])[] = [];
  save(id: string, signature: string) {
    this.saved.set(id, signature);
  }
  findAll(ids: readonly string[]) {
    this.lookups.push(ids);
    return new Map(
      ids.flatMap((id) => (this.saved.has(id) ? [[id, this.saved.get(id) ?? ""] as const] : [])),
    );
  }
}

const replay = (id: string): GenerateRequest => ({
  requestedModel: "m",
  model: "gemini-3-pro-preview",
  settings: {},
  stream: false,
  turns: [
    { role: "user", parts: [{ type: "text", text: "weather?" }] },
    { role: "assistant", parts: [{ type: "tool-call", id, name: "get_weather", arguments: {} }] },
    { role: "tool", parts: [{ type: "tool-result", callId: id, name: "get_weather", content: "sunny" }] },
  ],
});

describe("carrySignature", () => {
  it("puts the signature in the id the client sees and remembers it under the id's own part", () => {
    const store = new MemoryStore();
    const events: GenerateEvent[] = [
      { type: "tool-call", candidate: 0, id: "call_1", name: "f", arguments: {}, signature: "c2ln" },
      { type: "tool-call", candidate: 0, id: "call_2", name: "g", arguments: {} },
      { type: "finish", candidate: 0, reason: "tool-calls" },
    ];
    const out = events.map((event) => carrySignature(event, store));
    expect(out[0]).toMatchObject({ id: idWithSignature("call_1", "c2ln"), signature: "c2ln" });
    expect(out[1]).toBe(events[1]);
    expect(out[2]).toBe(events[2]);
    expect([...store.saved]).toEqual([["call_1", "c2ln"]]);
  });
});

describe("carrySignature with Gemini's own call id", () => {
  it("the signature goes after the id Gemini gave; the store keys it by agate's own part", () => {
    const store = new MemoryStore();
    const id = idWithUpstreamCallId("call_1", "k3j5h2q9");
    const out = carrySignature(
      { type: "tool-call", candidate: 0, id, name: "f", arguments: {}, signature: "c2ln" },
      store,
    );
    expect(out).toMatchObject({ id: idWithSignature(id, "c2ln") });
    expect(upstreamCallIdFromId(out.type === "tool-call" ? out.id : "")).toBe("k3j5h2q9");
    expect([...store.saved]).toEqual([["call_1", "c2ln"]]);
  });

  it("a replayed call whose id carries Gemini's: its signature is found by agate's own part", () => {
    const store = new MemoryStore();
    store.save("call_1", "c2ln");
    const cut = idWithUpstreamCallId("call_1", "k3j5h2q9");
    const { request, missing } = resolveSignatures(replay(cut), store);
    expect(request.turns[1]?.parts[0]).toMatchObject({ signature: "c2ln" });
    expect(missing).toEqual([]);
    expect(store.lookups).toEqual([["call_1"]]);
  });
});

describe("resolveSignatures", () => {
  it("a stateless client: the signature comes back from the id alone", () => {
    const { request, missing } = resolveSignatures(
      replay(idWithSignature("call_1", "c2ln")),
      new MemoryStore(),
    );
    expect(request.turns[1]?.parts[0]).toMatchObject({ type: "tool-call", signature: "c2ln" });
    expect(missing).toEqual([]);
  });

  it("a client that truncated the id: the store still knows it", () => {
    const store = new MemoryStore();
    const signature = "c2lnbmF0dXJlLXRoYXQtaXMtbG9uZw+/+/c2ln+/==";
    store.save("call_1", signature);
    for (const length of [14, 20, 40]) {
      const truncated = idWithSignature("call_1", signature).slice(0, length);
      const { request } = resolveSignatures(replay(truncated), store);
      expect(request.turns[1]?.parts[0]).toMatchObject({ signature });
    }
  });

  it("an upstream id seen twice: each call keeps the signature its id carries, not the newer one stored", () => {
    // A client's (or an OpenAI-compatible upstream's) id is the base of agate's; the store keeps the last
    // signature under it.
    const older = "b2xkZXItc2lnbmF0dXJlLW9mLXRoZS1maXJzdC1jYWxs";
    const newer = "bmV3ZXItc2lnbmF0dXJlLW9mLXRoZS1zZWNvbmQtY2FsbA==";
    const store = new MemoryStore();
    for (const signature of [older, newer])
      carrySignature(
        { type: "tool-call", candidate: 0, id: "fc-1", name: "f", arguments: {}, signature },
        store,
      );
    const first = resolveSignatures(replay(idWithSignature("fc-1", older)), store).request;
    expect(first.turns[1]?.parts[0]).toMatchObject({ signature: older });
    const second = resolveSignatures(replay(idWithSignature("fc-1", newer)), store).request;
    expect(second.turns[1]?.parts[0]).toMatchObject({ signature: newer });
  });

  it("nothing anywhere: reported as missing, request unchanged", () => {
    const original = replay("call_9");
    const { request, missing } = resolveSignatures(original, new MemoryStore());
    expect(missing).toEqual(["call_9"]);
    expect(request).toBe(original);
  });

  it("never mutates its input", () => {
    const original = replay(idWithSignature("call_1", "c2ln"));
    const copy = structuredClone(original);
    resolveSignatures(original, new MemoryStore());
    expect(original).toEqual(copy);
  });

  it("looks every replayed tool call up at once, and nothing up without one", () => {
    const store = new MemoryStore();
    store.save("call_2", "c2ln");
    const history = replay("call_1");
    history.turns.push(
      { role: "assistant", parts: [{ type: "tool-call", id: "call_2", name: "g", arguments: {} }] },
      {
        role: "assistant",
        parts: [{ type: "tool-call", id: "call_3", name: "h", arguments: {}, signature: "known" }],
      },
    );
    const { request, missing } = resolveSignatures(history, store);
    expect(store.lookups).toEqual([["call_1", "call_2"]]);
    expect(request.turns[3]?.parts[0]).toMatchObject({ id: "call_2", signature: "c2ln" });
    expect(missing).toEqual(["call_1"]);
    resolveSignatures({ ...history, turns: history.turns.slice(0, 1) }, store);
    expect(store.lookups).toHaveLength(1);
  });

  it("reports as missing only a step's first call: Gemini signs no other of parallel calls", () => {
    const call = (id: string) => ({ type: "tool-call" as const, id, name: "f", arguments: {} });
    const result = (id: string) => ({ type: "tool-result" as const, callId: id, name: "f", content: "ok" });
    const history: GenerateRequest = {
      ...replay(idWithSignature("call_1", "c2ln")),
      turns: [
        { role: "user", parts: [{ type: "text", text: "go" }] },
        { role: "assistant", parts: [call(idWithSignature("call_1", "c2ln")), call("call_2")] },
        { role: "tool", parts: [result("call_1"), result("call_2")] },
        { role: "assistant", parts: [call("call_3"), call("call_4")] },
        { role: "tool", parts: [result("call_3"), result("call_4")] },
      ],
    };
    const { missing } = resolveSignatures(history, new MemoryStore());
    expect(missing).toEqual(["call_3"]);
  });
});

describe("resolveSignatures: an answer's text", () => {
  const answered = (signatureKey: string): GenerateRequest => ({
    requestedModel: "m",
    model: "gemini-3-pro-preview",
    settings: {},
    stream: false,
    turns: [
      { role: "user", parts: [{ type: "text", text: "hi" }] },
      { role: "assistant", parts: [{ type: "text", text: "Hello!", signatureKey }] },
      { role: "user", parts: [{ type: "text", text: "and?" }] },
    ],
  });

  it("a text whose signature the store keeps (by its message's id) gets it, in the same lookup as the calls", () => {
    const store = new MemoryStore();
    store.save("msg_1", "c2ln");
    const { request, missing } = resolveSignatures(answered("msg_1"), store);
    expect(request.turns[1]?.parts[0]).toEqual({ type: "text", text: "Hello!", signature: "c2ln" });
    expect(missing).toEqual([]);
    expect(store.lookups).toEqual([["msg_1"]]);
  });

  it("one the store does not know goes without (the key never reaches the upstream), and is not missing", () => {
    const { request, missing } = resolveSignatures(answered("msg_unknown"), new MemoryStore());
    expect(request.turns[1]?.parts[0]).toEqual({ type: "text", text: "Hello!" });
    expect(missing).toEqual([]);
  });

  it("a text that carries its signature keeps it and is not looked up", () => {
    const store = new MemoryStore();
    const given = answered("msg_1");
    const part = given.turns[1]?.parts[0];
    if (part?.type === "text") part.signature = "given";
    const { request } = resolveSignatures(given, store);
    expect(request.turns[1]?.parts[0]).toEqual({ type: "text", text: "Hello!", signature: "given" });
    expect(store.lookups).toEqual([]);
  });
});

describe("resolveSignatures: code the model ran", () => {
  const ran = (part: Record<string, unknown>): GenerateRequest => ({
    requestedModel: "m",
    model: "gemini-3-pro-preview",
    settings: {},
    stream: false,
    turns: [
      { role: "user", parts: [{ type: "text", text: "6 * 7?" }] },
      {
        role: "assistant",
        parts: [
          { type: "code-execution", code: "print(6 * 7)", results: [], ...part },
          { type: "text", text: "42.", signatureKey: "msg_2" },
        ],
      },
    ],
  });

  it("code whose signature the store keeps (by its call's id) gets it, in the one lookup; the key goes no further", () => {
    const store = new MemoryStore();
    store.save("ci_1", "Y29kZQ==");
    store.save("msg_2", "dGV4dA==");
    const { request, missing } = resolveSignatures(ran({ signatureKey: "ci_1" }), store);
    expect(request.turns[1]?.parts).toEqual([
      { type: "code-execution", code: "print(6 * 7)", results: [], signature: "Y29kZQ==" },
      { type: "text", text: "42.", signature: "dGV4dA==" },
    ]);
    expect(missing).toEqual([]);
    expect(store.lookups).toEqual([["ci_1", "msg_2"]]);
    const unknown = resolveSignatures(ran({ signatureKey: "ci_9" }), store).request.turns[1]?.parts[0];
    expect(unknown).toEqual({ type: "code-execution", code: "print(6 * 7)", results: [] });
  });

  it("code that carries its signature keeps it (its key dropped) and is not looked up", () => {
    const store = new MemoryStore();
    const { request } = resolveSignatures(ran({ signature: "given", signatureKey: "ci_1" }), store);
    expect(request.turns[1]?.parts[0]).toEqual({
      type: "code-execution",
      code: "print(6 * 7)",
      results: [],
      signature: "given",
    });
    expect(store.lookups).toEqual([["msg_2"]]);
  });
});

describe("resolveSignatures: each part gets its own signature", () => {
  it("texts and calls, with and without a signature of their own, across turns: none takes another's", () => {
    const store = new MemoryStore();
    for (const [id, signature] of [
      ["msg_given", "c3RvcmVkLWdpdmVu"],
      ["msg_1", "dGV4dC0x"],
      ["call_1", "Y2FsbC0x"],
      ["call_3", "Y2FsbC0z"],
      ["msg_2", "dGV4dC0y"],
      ["call_4", "Y2FsbC00"],
    ])
      store.save(id as string, signature as string);
    const call = (id: string, signature?: string) => ({
      type: "tool-call" as const,
      id,
      name: "f",
      arguments: {},
      ...(signature === undefined ? {} : { signature }),
    });
    const result = (id: string) => ({ type: "tool-result" as const, callId: id, name: "f", content: "ok" });
    const history: GenerateRequest = {
      ...replay("call_1"),
      turns: [
        { role: "user", parts: [{ type: "text", text: "go" }] },
        {
          role: "assistant",
          parts: [
            // Its own signature: not looked up, so nothing after it may shift onto its key.
            { type: "text", text: "first", signatureKey: "msg_given", signature: "Z2l2ZW4" },
            { type: "text", text: "second", signatureKey: "msg_1" },
            call("call_1"),
            call("call_2", "b3du"),
            call("call_3"),
          ],
        },
        { role: "tool", parts: [result("call_1"), result("call_2"), result("call_3")] },
        {
          role: "assistant",
          parts: [{ type: "text", text: "third", signatureKey: "msg_2" }, call("call_4")],
        },
      ],
    };
    const { request, missing } = resolveSignatures(history, store);
    expect(request.turns[1]?.parts).toEqual([
      { type: "text", text: "first", signature: "Z2l2ZW4" },
      { type: "text", text: "second", signature: "dGV4dC0x" },
      { ...call("call_1"), signature: "Y2FsbC0x" },
      call("call_2", "b3du"),
      { ...call("call_3"), signature: "Y2FsbC0z" },
    ]);
    expect(request.turns[3]?.parts).toEqual([
      { type: "text", text: "third", signature: "dGV4dC0y" },
      { ...call("call_4"), signature: "Y2FsbC00" },
    ]);
    expect(missing).toEqual([]);
    expect(store.lookups).toEqual([["msg_1", "call_1", "call_3", "msg_2", "call_4"]]);
  });
});
