import { describe, expect, it } from "vitest";
import { AgateError } from "../../errors.js";
import type { ConversationLink } from "../../store/responses-repository.js";
import type { InputItem } from "./request-schema.js";
import { historyOf, withItemIds } from "./stored-history.js";

const say = (id: string, role: "user" | "assistant", text: string) => ({
  id,
  type: "message",
  role,
  content: [{ type: role === "user" ? "input_text" : "output_text", text }],
});

/** resp_1 ← resp_2 ← resp_3: each turn one question and one answer. */
const links = new Map<string, ConversationLink>(
  [1, 2, 3].map((turn) => [
    `resp_${turn}`,
    {
      previousResponseId: turn === 1 ? null : `resp_${turn - 1}`,
      sessionKey: `key:${turn}`,
      accountId: `acct_${turn}`,
      inputItems: [say(`msg_q${turn}`, "user", `question ${turn}`)],
      output: [say(`msg_a${turn}`, "assistant", `answer ${turn}`)],
    },
  ]),
);

/** As the store walks a conversation: newest first, ending before the first link it does not hold. */
function chainIn(held: ReadonlyMap<string, ConversationLink>) {
  return (id: string, max: number): ConversationLink[] => {
    const chain: ConversationLink[] = [];
    let next: string | null = id;
    while (next !== null && chain.length < max) {
      const link = held.get(next);
      if (link === undefined) break;
      chain.push(link);
      next = link.previousResponseId;
    }
    return chain;
  };
}

const ids = (items: readonly unknown[]) => items.map((item) => (item as { id: string }).id);

describe("historyOf", () => {
  it("the conversation behind the id, oldest turn first; the latest turn's session and account", () => {
    const history = historyOf("resp_3", chainIn(links));
    expect(history.items.map((item) => (item as { id: string }).id)).toEqual([
      "msg_q1",
      "msg_a1",
      "msg_q2",
      "msg_a2",
      "msg_q3",
      "msg_a3",
    ]);
    expect(history).toMatchObject({ sessionKey: "key:3", accountId: "acct_3" });
  });

  it("an ancestor no longer stored ends the history there", () => {
    const history = historyOf("resp_3", chainIn(new Map([...links].filter(([id]) => id !== "resp_1"))));
    expect(history.items.map((item) => (item as { id: string }).id)).toEqual([
      "msg_q2",
      "msg_a2",
      "msg_q3",
      "msg_a3",
    ]);
  });

  it("an unknown id → 404 previous_response_not_found naming previous_response_id", () => {
    let thrown: unknown;
    try {
      historyOf("resp_unknown", chainIn(links));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AgateError);
    expect((thrown as AgateError).toJSON().error).toMatchObject({
      code: "previous_response_not_found",
      param: "previous_response_id",
    });
    expect((thrown as AgateError).status).toBe(404);
  });

  it("where one source's chain ends at a response another holds, the walk goes on from there", () => {
    // The store holds resp_3 only; resp_2 and resp_1 are a WebSocket's, held in memory.
    const stored = new Map([...links].filter(([id]) => id === "resp_3"));
    const recent = new Map([...links].filter(([id]) => id !== "resp_3"));
    const history = historyOf("resp_3", (id, max) =>
      stored.has(id) ? chainIn(stored)(id, max) : chainIn(recent)(id, max),
    );
    expect(ids(history.items)).toEqual(["msg_q1", "msg_a1", "msg_q2", "msg_a2", "msg_q3", "msg_a3"]);
  });

  it("reads at most 1,000 earlier responses: the newest ones", () => {
    const long = new Map<string, ConversationLink>();
    for (let turn = 1; turn <= 1_200; turn++) {
      long.set(`resp_${turn}`, {
        previousResponseId: turn === 1 ? null : `resp_${turn - 1}`,
        sessionKey: null,
        accountId: null,
        inputItems: [say(`msg_q${turn}`, "user", `question ${turn}`)],
        output: [],
      });
    }
    const asked: number[] = [];
    const history = historyOf("resp_1200", (id, max) => {
      asked.push(max);
      return chainIn(long)(id, max);
    });
    expect(asked).toEqual([1_000]);
    expect(history.items).toHaveLength(1_000);
    expect(ids(history.items).slice(0, 1)).toEqual(["msg_q201"]);
    expect(ids(history.items).at(-1)).toBe("msg_q1200");
  });
});

describe("withItemIds", () => {
  const counting = () => {
    let count = 0;
    return (prefix: string) => `${prefix}_${count++}`;
  };

  it("keeps an item that has an id as it is, and gives the others one, by their type", () => {
    const kept = say("msg_mine", "user", "hi");
    const items = [
      kept,
      { role: "user", content: "no type" },
      { type: "function_call_output", call_id: "call_1", output: "42" },
      { type: "message", id: "", role: "user", content: "empty id" },
    ] as unknown as InputItem[];
    const before = structuredClone(items);
    const out = withItemIds(items, counting());
    expect(out[0]).toBe(kept);
    // Keys in the order a stored item reads back: a message's type first, its new id last (or where it was).
    expect(JSON.stringify(out.slice(1))).toBe(
      JSON.stringify([
        { type: "message", role: "user", content: "no type", id: "msg_0" },
        { type: "function_call_output", call_id: "call_1", output: "42", id: "fco_1" },
        { type: "message", id: "msg_2", role: "user", content: "empty id" },
      ]),
    );
    expect(items).toEqual(before);
  });
});
