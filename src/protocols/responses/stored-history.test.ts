import { describe, expect, it } from "vitest";
import { AgateError } from "../../errors.js";
import type { ConversationLink } from "../../store/responses-repository.js";
import { historyOf } from "./stored-history.js";

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

describe("historyOf", () => {
  it("the conversation behind the id, oldest turn first; the latest turn's session and account", () => {
    const history = historyOf("resp_3", (id) => links.get(id));
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
    const history = historyOf("resp_3", (id) => (id === "resp_1" ? undefined : links.get(id)));
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
      historyOf("resp_unknown", (id) => links.get(id));
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
});
