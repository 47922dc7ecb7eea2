import type { FinishReason, GenerateEvent, TokenLogprob, Usage } from "../../hub/types.js";
import { openaiLogprobs } from "../token-logprobs.js";
import type { ToolKind } from "./decode-tools.js";
import { CodeInterpreterCalls } from "./output-code-interpreter.js";
import { ReasoningItems, type ReasoningOptions } from "./output-reasoning.js";
import { toolCallEvents } from "./output-tool-calls.js";
import type { MessageItem, OutputItem, OutputText, ResponseEvent } from "./output-types.js";
import { urlCitations, WebSearchCall } from "./output-web-search.js";

/** What the builder is told of the request (what its reasoning items are told: output-reasoning.ts). */
export interface OutputBuilderOptions extends ReasoningOptions {
  tools: ReadonlyMap<string, ToolKind>;
  /** The request searched the web (a live web_search tool): the output opens with a web_search_call. */
  webSearch?: boolean;
  /** `include` asked for web_search_call.action.sources. */
  includeSources?: boolean;
  /** `include` asked for code_interpreter_call.outputs (what each run of the model's code printed). */
  includeCodeOutputs?: boolean;
}

/** The message being written; `from`: where its text starts in the candidate's text (UTF-16 units). */
interface OpenMessage {
  item: MessageItem;
  index: number;
  from: number;
}

/**
 * Hub events → Responses output items, and the typed stream events that build them. One state object per
 * answer; the JSON encoder uses `output` at the end, the stream encoder forwards the events as they come.
 * Only the first candidate is read (the Responses API has no `n`). It writes the messages itself, and hands
 * the other items to their own modules (reasoning, tool calls, web search, code interpreter calls); one
 * item at most is being written at a time.
 */
export class OutputBuilder {
  readonly output: OutputItem[] = [];
  usage: Usage | undefined;
  finish: { reason: FinishReason; raw?: string } | undefined;
  private message: OpenMessage | undefined;
  private readonly reasoning: ReasoningItems;
  private readonly search: WebSearchCall | undefined;
  /** Made at the first code the model ran: most answers run none. */
  private code: CodeInterpreterCalls | undefined;
  /** The length of the candidate's text so far, over all its messages (code it ran splits one in two). */
  private textLength = 0;

  constructor(private readonly options: OutputBuilderOptions) {
    this.reasoning = new ReasoningItems(options, (item) => this.push(item));
    this.search =
      options.webSearch === true
        ? new WebSearchCall(options.newItemId, options.includeSources === true)
        : undefined;
  }

  handle(event: GenerateEvent): ResponseEvent[] {
    if ("candidate" in event && event.candidate !== 0) return [];
    if (this.search?.waiting === true && OPENS_OUTPUT.has(event.type)) {
      return [...this.search.open((item) => this.push(item)), ...this.handle(event)];
    }
    if (this.code?.open === true && !KEEPS_CODE_OPEN.has(event.type)) {
      return [...this.code.close(), ...this.handle(event)];
    }
    switch (event.type) {
      case "text-delta":
        return [...this.openMessage(), this.textDelta(event.text, event.logprobs)];
      case "reasoning-delta":
        return [...this.closeMessage("commentary"), ...this.reasoning.thought(event.text, event.signature)];
      case "text-signature":
        // The message being written, or the one just closed (a citation or a finish may come between).
        this.reasoning.signAnswer(this.message?.item ?? this.output.at(-1), event.signature);
        return [];
      case "tool-call":
        return [
          ...this.closeMessage("commentary"),
          ...this.reasoning.beforeCall(event.signature),
          ...toolCallEvents(event, this.options.tools, this.options.newItemId, (item) => this.push(item)),
        ];
      case "finish":
        this.finish =
          event.rawReason === undefined
            ? { reason: event.reason }
            : { reason: event.reason, raw: event.rawReason };
        return [];
      case "usage":
        this.usage = event.usage;
        return [];
      case "logprobs":
        // Tokens without text of their own in the chunk: on the message being written, if one is.
        if (this.message !== undefined)
          this.partOf(this.message).logprobs.push(...openaiLogprobs(event.tokens));
        return [];
      case "citations":
        return [...(this.search?.complete(event.queries, event.sources) ?? []), ...this.annotate(event)];
      case "code-execution": {
        const events = [
          ...this.closeMessage("commentary"),
          ...this.reasoning.beforeCode(event.signature),
          ...this.codeCalls().start(event.code, (item) => this.push(item)),
        ];
        // Kept by the call's id, for previous_response_id and clients that send the item back.
        const id = this.code?.openId;
        if (event.signature !== undefined && id !== undefined)
          this.options.saveSignature?.(id, event.signature);
        return events;
      }
      case "code-execution-result": {
        // A result always follows its code; one that came alone still gets a call to show it in.
        const opened =
          this.code?.open === true ? [] : this.handle({ type: "code-execution", candidate: 0, code: "" });
        this.codeCalls().result(event);
        return opened;
      }
      case "error":
        throw event.error;
    }
  }

  /**
   * A whole answer's reasoning items carry its messages' signatures themselves rather than naming the
   * messages (the JSON answer: no event went out before the signature came). Call after `end`.
   */
  inlineSignatures(): void {
    this.reasoning.inline();
  }

  /**
   * The output as the store keeps it, where that holds more than the client is shown (what code runs
   * printed, when `include` did not ask for it: kept-code-outputs.ts); undefined when it is `output` itself.
   */
  storedOutput(): object[] | undefined {
    return this.code?.stored(this.output);
  }

  /** Closes what is still open; call once when the events end. */
  end(): ResponseEvent[] {
    const search = this.search?.complete([], []) ?? [];
    const code = this.code?.close() ?? [];
    return [...search, ...code, ...this.close(this.finish?.reason === "length" ? undefined : "final_answer")];
  }

  /**
   * The response ends before its answer did (a failure, or a client that left): the message being written
   * is left `incomplete`, as OpenAI leaves the items of a failed or abandoned response. No event: the
   * response's terminal event carries it.
   */
  cutShort(): void {
    this.code?.cutShort();
    this.reasoning.cutShort();
    const message = this.message;
    this.message = undefined;
    if (message !== undefined) message.item.status = "incomplete";
  }

  private codeCalls(): CodeInterpreterCalls {
    this.code ??= new CodeInterpreterCalls(this.options.newItemId, this.options.includeCodeOutputs === true);
    return this.code;
  }

  /**
   * A grounded answer's citations, on the message being written (they come once its text is all there). They
   * count in the candidate's whole text: a message after code the model ran starts further on, so they are
   * moved to its own indices, and those of the text before it (a message already done) are left out.
   */
  private annotate(event: Extract<GenerateEvent, { type: "citations" }>): ResponseEvent[] {
    const open = this.message;
    if (open === undefined || event.citations.length === 0) return [];
    const part = this.partOf(open);
    const from = part.annotations.length;
    const own =
      open.from === 0
        ? event.citations
        : event.citations.flatMap((citation) =>
            citation.start < open.from
              ? []
              : [{ ...citation, start: citation.start - open.from, end: citation.end - open.from }],
          );
    const added = urlCitations(own);
    part.annotations.push(...added);
    return added.map((annotation, index) => ({
      type: "response.output_text.annotation.added",
      item_id: open.item.id,
      output_index: open.index,
      content_index: 0,
      annotation_index: from + index,
      annotation,
    }));
  }

  private openMessage(): ResponseEvent[] {
    if (this.message !== undefined) return [];
    // Where answers are signed, a reasoning item before the message names it (by the id it gives).
    const { events, messageId = this.options.newItemId("msg") } = this.reasoning.beforeMessage();
    const item: MessageItem = {
      type: "message",
      id: messageId,
      status: "in_progress",
      role: "assistant",
      content: [],
    };
    const index = this.push(item);
    this.message = { item, index, from: this.textLength };
    return [
      ...events,
      { type: "response.output_item.added", output_index: index, item: snapshotMessage(item) },
      {
        type: "response.content_part.added",
        item_id: item.id,
        output_index: index,
        content_index: 0,
        part: { type: "output_text", text: "", annotations: [], logprobs: [] },
      },
    ];
  }

  private textDelta(delta: string, tokens: readonly TokenLogprob[] | undefined): ResponseEvent {
    const open = this.message as OpenMessage;
    const part = this.partOf(open);
    part.text += delta;
    this.textLength += delta.length;
    const logprobs = tokens === undefined ? [] : openaiLogprobs(tokens);
    part.logprobs.push(...logprobs);
    return {
      type: "response.output_text.delta",
      item_id: open.item.id,
      output_index: open.index,
      content_index: 0,
      delta,
      logprobs,
    };
  }

  /** The open message's text part, made on first use. */
  private partOf(open: OpenMessage): OutputText {
    const part = open.item.content[0] ?? { type: "output_text", text: "", annotations: [], logprobs: [] };
    open.item.content[0] = part;
    return part;
  }

  /** Closes the item being written, a message (ending with `phase`) or a reasoning item. */
  private close(phase: MessageItem["phase"]): ResponseEvent[] {
    return [...this.reasoning.close(), ...this.closeMessage(phase)];
  }

  private closeMessage(phase: MessageItem["phase"]): ResponseEvent[] {
    const open = this.message;
    if (open === undefined) return [];
    this.message = undefined;
    const item = open.item;
    const part = this.partOf(open);
    // Cut short by the token limit or a content filter (the response is incomplete), or ended by a finish
    // that fails the response (MALFORMED_FUNCTION_CALL, OTHER): the message is incomplete too.
    const reason = this.finish?.reason;
    item.status =
      reason === undefined || reason === "stop" || reason === "tool-calls" ? "completed" : "incomplete";
    if (phase !== undefined) item.phase = phase;
    return [
      {
        type: "response.output_text.done",
        item_id: item.id,
        output_index: open.index,
        content_index: 0,
        text: part.text,
        logprobs: [...part.logprobs],
      },
      {
        type: "response.content_part.done",
        item_id: item.id,
        output_index: open.index,
        content_index: 0,
        part: snapshotPart(part),
      },
      { type: "response.output_item.done", output_index: open.index, item: snapshotMessage(item) },
    ];
  }

  private push(item: OutputItem): number {
    this.output.push(item);
    return this.output.length - 1;
  }
}

/** The hub events that put something in the output (a web search item goes before the first of them). */
const OPENS_OUTPUT: ReadonlySet<GenerateEvent["type"]> = new Set([
  "text-delta",
  "reasoning-delta",
  "tool-call",
  "citations",
  "code-execution",
  "code-execution-result",
]);

/** The hub events that leave a code interpreter call open: its results, and what writes no output. */
const KEEPS_CODE_OPEN: ReadonlySet<GenerateEvent["type"]> = new Set([
  "code-execution-result",
  "finish",
  "usage",
  "logprobs",
  "error",
]);

/*
 * Copies of an item as it is now, for an event: the item itself goes on changing with the answer. Each shape
 * is spelt out: structuredClone took ≈ 3.5 µs a call (≈ 0.1 µs here), three or more per answer.
 */
const snapshotPart = (part: OutputText): OutputText => ({
  ...part,
  annotations: [...part.annotations],
  logprobs: [...part.logprobs],
});

const snapshotMessage = (item: MessageItem): MessageItem => ({
  ...item,
  content: item.content.map(snapshotPart),
});
