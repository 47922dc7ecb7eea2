import { itemEvents } from "./item-events.js";
import type { OutputItem, ReasoningItem, ResponseEvent } from "./output-types.js";
import { NamedMessages, signedContent } from "./text-signatures.js";

export interface ReasoningOptions {
  newItemId: (prefix: string) => string;
  /**
   * Put the Gemini thought signature in reasoning items' encrypted_content: a signed function call or code
   * run, and (`answersSigned`) a message, get a reasoning item before them when their thoughts gave none.
   */
  includeEncrypted: boolean;
  /**
   * The model signs an answer without a function call at its end (Gemini 3; text-signatures.ts): with
   * `includeEncrypted`, the reasoning item before a message names it, the signature coming after its text.
   */
  answersSigned?: boolean;
  /**
   * Keeps a signature under the id of the item it signs, a message's text or a code_interpreter_call's code
   * (for previous_response_id and replays).
   */
  saveSignature?: (itemId: string, signature: string) => void;
  /**
   * The request asked for a reasoning summary (`reasoning.summary`, with an effort other than none): the
   * thoughts become it. Without, reasoning items come with `summary: []` and no summary events, as OpenAI's.
   */
  reasoningSummary: boolean;
}

/**
 * The `reasoning` items of a response: the model's thoughts (a summary of them where asked), and the thought
 * signatures they carry in encrypted_content — a function call's, a code run's, or an answer's (by naming its
 * message). One item at most is open, and only while no message is: the output builder closes its message
 * before calling `thought`, and calls `beforeCall`, `beforeCode` or `beforeMessage` before it puts a call, a
 * code run or a message after one.
 */
export class ReasoningItems {
  private current: { item: ReasoningItem; index: number } | undefined;
  /** The reasoning items that name a message whose signature comes after its text (made at the first). */
  private named: NamedMessages | undefined;

  constructor(
    private readonly options: ReasoningOptions,
    /** Puts an item in the output and gives its index. */
    private readonly push: (item: OutputItem) => number,
  ) {}

  /** A reasoning item is being written. */
  get open(): boolean {
    return this.current !== undefined;
  }

  /** Thoughts (and perhaps their signature): on the open reasoning item, or a new one. */
  thought(text: string, signature: string | undefined): ResponseEvent[] {
    const current = this.current;
    if (current === undefined) return [...this.start(signature), ...this.summaryDelta(text)];
    if (signature !== undefined && this.options.includeEncrypted) current.item.encrypted_content = signature;
    return this.summaryDelta(text);
  }

  /**
   * A function call comes. Gemini 3 puts a step's thought signature on its first function call, not on its
   * thoughts: the reasoning just before that call gets it as its encrypted_content (clients with
   * `store: false`, such as the AI SDK, drop and warn about a reasoning item whose encrypted_content is
   * null), and is done. A signed call whose thoughts were not shown gets a reasoning item (summary []) of its
   * own to carry the signature.
   */
  beforeCall(signature: string | undefined): ResponseEvent[] {
    return this.beforeSigned(signature);
  }

  /**
   * Code Gemini ran comes, which Gemini 3 signs as it signs a step's first call: the reasoning before it
   * carries that signature alike, in the form agate reads back from a reasoning item before the code
   * (text-signatures.ts: a call's signature comes back in its id, code has no such id).
   */
  beforeCode(signature: string | undefined): ResponseEvent[] {
    return this.beforeSigned(signature === undefined ? undefined : signedContent(signature));
  }

  /** The open reasoning item carries `encryptedContent` (unless it has its own) and is done, or a new one does. */
  private beforeSigned(encryptedContent: string | undefined): ResponseEvent[] {
    const signing = encryptedContent !== undefined && this.options.includeEncrypted;
    const current = this.current;
    if (current !== undefined) {
      if (signing) current.item.encrypted_content ??= encryptedContent;
      return this.close();
    }
    if (!signing) return [];
    const reasoning = this.newReasoning();
    reasoning.encrypted_content = encryptedContent;
    return this.emitWhole(reasoning);
  }

  /**
   * A message begins, the open reasoning item (if any) is done. Where answers are signed, the reasoning item
   * before the message names it: the thoughts' own, unless a signature of theirs already signs it; with no
   * reasoning item open, a new one with summary [], as OpenAI's reasoning models always send one. Gives
   * the message's id when an item names it.
   */
  beforeMessage(): { events: ResponseEvent[]; messageId?: string } {
    const current = this.current;
    if (!this.options.includeEncrypted || this.options.answersSigned !== true)
      return { events: this.close() };
    if (current !== undefined) {
      if (current.item.encrypted_content != null) return { events: this.close() };
      const messageId = this.options.newItemId("msg");
      this.name(current.item, messageId);
      return { events: this.close(), messageId };
    }
    const fresh = this.newReasoning();
    const messageId = this.options.newItemId("msg");
    this.name(fresh, messageId);
    return { events: this.emitWhole(fresh), messageId };
  }

  /**
   * An answer's text was signed (`message`: the message being written or the last output item, when it is
   * one): the signature is kept by the message's id, and for the reasoning item that names it (`inline`).
   */
  signAnswer(message: OutputItem | undefined, signature: string): void {
    if (message?.type !== "message") return;
    this.options.saveSignature?.(message.id, signature);
    this.named?.signed(message.id, signature);
  }

  /**
   * A whole answer's reasoning items carry its messages' signatures themselves rather than naming the
   * messages (the JSON answer: no event went out before the signature came).
   */
  inline(): void {
    this.named?.inline();
  }

  /** The open reasoning item is done (its summary too, where one was asked for). Nothing when none is open. */
  close(): ResponseEvent[] {
    const current = this.current;
    if (current === undefined) return [];
    this.current = undefined;
    const { item, index } = current;
    const done: ResponseEvent = {
      type: "response.output_item.done",
      output_index: index,
      item: snapshotReasoning(item),
    };
    if (!this.options.reasoningSummary) return [done];
    const text = item.summary[0]?.text ?? "";
    const about = { item_id: item.id, output_index: index, summary_index: 0 };
    return [
      { type: "response.reasoning_summary_text.done", ...about, text },
      { type: "response.reasoning_summary_part.done", ...about, part: { type: "summary_text", text } },
      done,
    ];
  }

  /** The response ends while thoughts are written (a failure, a client that left): no event, none is open. */
  cutShort(): void {
    this.current = undefined;
  }

  private start(signature: string | undefined): ResponseEvent[] {
    const item = this.newReasoning();
    if (this.options.includeEncrypted) item.encrypted_content = signature ?? null;
    const index = this.push(item);
    this.current = { item, index };
    const added: ResponseEvent = {
      type: "response.output_item.added",
      output_index: index,
      item: snapshotReasoning(item),
    };
    if (!this.options.reasoningSummary) return [added];
    return [
      added,
      {
        type: "response.reasoning_summary_part.added",
        item_id: item.id,
        output_index: index,
        summary_index: 0,
        part: { type: "summary_text", text: "" },
      },
    ];
  }

  private summaryDelta(delta: string): ResponseEvent[] {
    const current = this.current;
    if (delta === "" || !this.options.reasoningSummary || current === undefined) return [];
    const summary = current.item.summary[0] ?? { type: "summary_text", text: "" };
    summary.text += delta;
    current.item.summary[0] = summary;
    return [
      {
        type: "response.reasoning_summary_text.delta",
        item_id: current.item.id,
        output_index: current.index,
        summary_index: 0,
        delta,
      },
    ];
  }

  private name(reasoning: ReasoningItem, messageId: string): void {
    this.named ??= new NamedMessages();
    this.named.name(reasoning, messageId);
  }

  private newReasoning(): ReasoningItem {
    return { type: "reasoning", id: this.options.newItemId("rs"), summary: [] };
  }

  /** A reasoning item complete at once: pushed, its added and done events. */
  private emitWhole(item: ReasoningItem): ResponseEvent[] {
    return itemEvents(this.push(item), snapshotReasoning(item), snapshotReasoning(item));
  }
}

/** A copy of the item as it is now, for an event: the item itself goes on changing with the answer. */
const snapshotReasoning = (item: ReasoningItem): ReasoningItem => ({
  ...item,
  summary: item.summary.map((part) => ({ ...part })),
});
