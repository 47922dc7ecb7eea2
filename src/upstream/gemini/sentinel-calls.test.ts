import { describe, expect, it } from "vitest";
import type { Part, Turn } from "../../hub/types.js";
import { callsSentWithSentinel } from "./sentinel-calls.js";

const call = (id: string, signature?: string): Part => ({
  type: "tool-call",
  id,
  name: "read",
  arguments: {},
  ...(signature === undefined ? {} : { signature }),
});
const assistant = (...parts: Part[]): Turn => ({ role: "assistant", parts });
const result = (callId: string): Turn => ({
  role: "tool",
  parts: [{ type: "tool-result", callId, name: "read", content: "ok" }],
});
const user: Turn = { role: "user", parts: [{ type: "text", text: "go" }] };
const ids = (turns: readonly Turn[]) =>
  [...callsSentWithSentinel(turns)].map((part) => (part.type === "tool-call" ? part.id : part.type));

describe("callsSentWithSentinel", () => {
  it("the first call of a step without a signature; the parallel calls after it go as they are", () => {
    expect(ids([user, assistant(call("a"), call("b")), result("a"), result("b")])).toEqual(["a"]);
  });

  it("a step whose first call is signed: none", () => {
    expect(ids([user, assistant(call("a", "c2ln"), call("b")), result("a"), result("b")])).toEqual([]);
  });

  it("the first call after the model's text in the same step, and in a following assistant turn", () => {
    const text: Part = { type: "text", text: "Reading." };
    expect(ids([user, assistant(text, call("a")), result("a")])).toEqual(["a"]);
    expect(ids([user, assistant(text), assistant(call("b"), call("c")), result("b"), result("c")])).toEqual([
      "b",
    ]);
  });

  it("parallel calls sent interleaved after a signed first call: back in its step, so none", () => {
    const turns = [user, assistant(call("a", "c2ln")), result("a"), assistant(call("b")), result("b")];
    expect(ids(turns)).toEqual([]);
  });

  it("interleaved calls with nothing signed, and sequential unsigned steps: each step's first call", () => {
    const interleaved = [user, assistant(call("a")), result("a"), assistant(call("b")), result("b")];
    expect(ids(interleaved)).toEqual(["a", "b"]);
    const sequential = [user, assistant(call("a")), result("a"), user, assistant(call("b")), result("b")];
    expect(ids(sequential)).toEqual(["a", "b"]);
  });
});
