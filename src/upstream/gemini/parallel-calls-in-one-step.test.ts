import { describe, expect, it } from "vitest";
import type { Part, Turn } from "../../hub/types.js";
import { parallelCallsInOneStep } from "./parallel-calls-in-one-step.js";

const call = (id: string, signature?: string): Part => ({
  type: "tool-call",
  id,
  name: "read",
  arguments: { path: `${id}.txt` },
  ...(signature === undefined ? {} : { signature }),
});
const calls = (...parts: Part[]): Turn => ({ role: "assistant", parts });
const result = (callId: string): Turn => ({
  role: "tool",
  parts: [{ type: "tool-result", callId, name: "read", content: callId.toUpperCase() }],
});
const user: Turn = { role: "user", parts: [{ type: "text", text: "read a and b" }] };
/** Each turn as its role and the ids it calls or answers. */
const shape = (turns: readonly Turn[]) =>
  turns.map((turn) =>
    [
      turn.role,
      ...turn.parts.map((part) =>
        part.type === "tool-call" ? part.id : part.type === "tool-result" ? `=${part.callId}` : part.type,
      ),
    ].join(" "),
  );

describe("parallelCallsInOneStep", () => {
  it("parallel calls sent interleaved with their results: one step with both calls, then both results", () => {
    const turns = [user, calls(call("a", "c2ln")), result("a"), calls(call("b")), result("b")];
    const copy = structuredClone(turns);
    expect(shape(parallelCallsInOneStep(turns))).toEqual([
      "user text",
      "assistant a b",
      "tool =a",
      "tool =b",
    ]);
    expect(turns).toEqual(copy);
  });

  it("three interleaved, the step's text before its first call: all three calls in that step", () => {
    const text: Turn = { role: "assistant", parts: [{ type: "text", text: "Reading them." }] };
    const turns = [user, text, calls(call("a", "c2ln")), result("a"), calls(call("b")), result("b")];
    turns.push(calls(call("c")), result("c"));
    expect(shape(parallelCallsInOneStep(turns))).toEqual([
      "user text",
      "assistant text",
      "assistant a b c",
      "tool =a",
      "tool =b",
      "tool =c",
    ]);
  });

  it("sequential steps, each opened by a signed call: left as they are", () => {
    const turns = [user, calls(call("a", "c2ln")), result("a"), calls(call("b", "c2lnMg==")), result("b")];
    expect(parallelCallsInOneStep(turns)).toBe(turns);
  });

  it("a step without any signature (another model's history), model text, or a user turn between: apart", () => {
    const unsigned = [user, calls(call("a")), result("a"), calls(call("b")), result("b")];
    expect(parallelCallsInOneStep(unsigned)).toBe(unsigned);
    const said: Turn = { role: "assistant", parts: [{ type: "text", text: "Now b." }, call("b")] };
    const withText = [user, calls(call("a", "c2ln")), result("a"), said, result("b")];
    expect(parallelCallsInOneStep(withText)).toBe(withText);
    const userBetween = [user, calls(call("a", "c2ln")), result("a"), user, calls(call("b")), result("b")];
    expect(parallelCallsInOneStep(userBetween)).toBe(userBetween);
  });

  it("calls before any result (the usual parallel form) are left as they are", () => {
    const turns = [user, calls(call("a", "c2ln")), calls(call("b")), result("a"), result("b")];
    expect(parallelCallsInOneStep(turns)).toBe(turns);
  });
});
