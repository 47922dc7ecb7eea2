import { describe, expect, it } from "vitest";
import { AgateError } from "../../errors.js";
import type { GenerateRequest } from "../../hub/types.js";
import {
  COMPACTION_INSTRUCTION,
  compactionObject,
  compactionRequest,
  summaryText,
  userMessages,
} from "./compaction.js";
import { decodeInputItems, SUMMARY_PREFIX } from "./decode-input.js";
import type { OutputItem } from "./output-types.js";
import { type InputItem, inputItemSchema } from "./request-schema.js";

const items = (raw: unknown[]): InputItem[] => raw.map((item) => inputItemSchema.parse(item));
const paramOf = (index: number) => `input[${index}]`;
const unseal = (blob: string) => (blob === "sealed-ok" ? "Ada asked about Paris." : undefined);

const conversation: GenerateRequest = {
  requestedModel: "gpt-4o",
  model: "gemini-2.5-flash",
  system: "Be brief.",
  turns: [{ role: "user", parts: [{ type: "text", text: "hi" }] }],
  tools: [{ name: "get_weather" }],
  toolChoice: { type: "required" },
  settings: { temperature: 0.2, responseFormat: { type: "json" } },
  stream: true,
  sessionKey: "session-1",
  grounding: true,
};

describe("compactionRequest", () => {
  it("appends the summary instruction as a last user turn, keeps system, tools and session, never streams", () => {
    expect(compactionRequest(conversation)).toEqual({
      requestedModel: "gpt-4o",
      model: "gemini-2.5-flash",
      system: "Be brief.",
      turns: [
        ...conversation.turns,
        { role: "user", parts: [{ type: "text", text: COMPACTION_INSTRUCTION }] },
      ],
      tools: [{ name: "get_weather" }],
      toolChoice: { type: "none" },
      settings: {},
      stream: false,
      sessionKey: "session-1",
    });
  });

  it("does not mutate the conversation", () => {
    const copy = structuredClone(conversation);
    compactionRequest(conversation);
    expect(conversation).toEqual(copy);
  });
});

describe("summaryText / userMessages / compactionObject", () => {
  it("joins the text of the answer's messages, reasoning left out", () => {
    const output: OutputItem[] = [
      { type: "reasoning", id: "rs_1", summary: [{ type: "summary_text", text: "thinking" }] },
      {
        type: "message",
        id: "msg_1",
        status: "completed",
        role: "assistant",
        content: [{ type: "output_text", text: " The summary. ", annotations: [], logprobs: [] }],
      },
    ];
    expect(summaryText(output)).toBe("The summary.");
  });

  it("lists the user messages only, strings as input_text, ids kept or made", () => {
    const messages = userMessages(
      items([
        { role: "developer", content: "rules" },
        { role: "user", content: "first" },
        { role: "assistant", content: "answer" },
        { type: "message", id: "msg_given", role: "user", content: [{ type: "input_text", text: "second" }] },
        { type: "function_call", call_id: "c1", name: "f", arguments: "{}" },
      ]),
      (prefix) => `${prefix}_new`,
    );
    expect(messages).toEqual([
      {
        type: "message",
        id: "msg_new",
        role: "user",
        status: "completed",
        content: [{ type: "input_text", text: "first" }],
      },
      {
        type: "message",
        id: "msg_given",
        role: "user",
        status: "completed",
        content: [{ type: "input_text", text: "second" }],
      },
    ]);
  });

  it("builds OpenAI's response.compaction object: user messages, then one compaction item", () => {
    const usage = { input_tokens: 1, output_tokens: 2, total_tokens: 3 };
    expect(
      compactionObject({
        id: "resp_1",
        createdAt: 42,
        userMessages: [{ type: "message", role: "user" }],
        compactionItemId: "cmp_1",
        encryptedContent: "blob",
        usage,
      }),
    ).toEqual({
      id: "resp_1",
      object: "response.compaction",
      created_at: 42,
      output: [
        { type: "message", role: "user" },
        { type: "compaction", id: "cmp_1", encrypted_content: "blob" },
      ],
      usage,
    });
  });
});

describe("decodeInputItems: compaction items", () => {
  it("become a user turn with the unsealed summary, where they stand", () => {
    const { turns } = decodeInputItems(
      items([
        { role: "user", content: "earlier question" },
        { type: "compaction", id: "cmp_1", encrypted_content: "sealed-ok" },
        { role: "user", content: "next question" },
      ]),
      paramOf,
      unseal,
    );
    expect(turns).toEqual([
      { role: "user", parts: [{ type: "text", text: "earlier question" }] },
      { role: "user", parts: [{ type: "text", text: `${SUMMARY_PREFIX}Ada asked about Paris.` }] },
      { role: "user", parts: [{ type: "text", text: "next question" }] },
    ]);
  });

  it("a blob that does not unseal → 400 naming the item's encrypted_content", () => {
    const decode = () =>
      decodeInputItems(
        items([
          { role: "user", content: "hi" },
          { type: "compaction", encrypted_content: "tampered" },
        ]),
        paramOf,
        unseal,
      );
    expect(decode).toThrow(AgateError);
    expect(decode).toThrow(/'input\[1\]'/);
    try {
      decode();
    } catch (error) {
      expect(error).toMatchObject({
        status: 400,
        param: "input[1].encrypted_content",
        code: "invalid_encrypted_content",
      });
    }
  });

  it("without an unseal function compaction items are refused, not dropped", () => {
    expect(() =>
      decodeInputItems(items([{ type: "compaction", encrypted_content: "sealed-ok" }]), paramOf),
    ).toThrow(AgateError);
  });

  it("the schema wants a non-empty encrypted_content", () => {
    expect(inputItemSchema.safeParse({ type: "compaction", encrypted_content: "" }).success).toBe(false);
    expect(inputItemSchema.safeParse({ type: "compaction" }).success).toBe(false);
  });
});
