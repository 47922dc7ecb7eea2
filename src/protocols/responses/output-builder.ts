import type { FinishReason, GenerateEvent, TokenLogprob, Usage } from "../../hub/types.js";
import { openaiLogprobs } from "../token-logprobs.js";
import type { ToolKind } from "./decode-tools.js";
import { CodeInterpreterCalls } from "./output-code-interpreter.js";
import { toolCallEvents } from "./output-tool-calls.js";
import type { MessageItem, OutputItem, OutputText, ReasoningItem, ResponseEvent } from "./output-types.js";
import { urlCitations, WebSearchCall } from "./output-web-search.js";
import { NamedMessages } from "./text-signatures.js";

export interface OutputBuilderOptions {
  newItemId: (prefix: string) => string;
  tools: ReadonlyMap<string, ToolKind>;
  /**
   * Put the Gemini thought signature in reasoning items' encrypted_content: a signed function call, and
   * (`answersSigned`) a message, get a reasoning item before them when their thoughts gave none.
   */
  includeEncrypted: boolean;
  /**
   * The model signs an answer without a function call at its end (Gemini 3; text-signatures.ts): with
   * `includeEncrypted`, the reasoning item before a message names it, the signature coming after its text.
   */
  answersSigned?: boolean;
  /** Keeps the signature of a message's text under the message's id (for previous_response_id and replays). */
  saveSignature?: (messageId: string, signature: string) => void;
  /**
   * The request asked for a reasoning summary (`reasoning.summary`, with an effort other than none): the
   * thoughts become it. Without, reasoning items come with `summary: []` and no summary events, as OpenAI's.
   */
  reasoningSummary: boolean;
  /** The request searched the web (a live web_search tool): the output opens with a web_search_call. */
  webSearch?: boolean;
  /** `include` asked for web_search_call.action.sources. */
  includeSources?: boolean;
  /** `include` asked for code_interpreter_call.outputs (what each run of the model's code printed). */
  includeCodeOutputs?: boolean;
}

type Open =
  /** `from`: where its text starts in the candidate's text (UTF-16 units), in which citations count. */
  | { kind: "message"; item: MessageItem; index: number; from: number }
  | { kind: "reasoning"; item: ReasoningItem; index: number };

/**
 * Hub events → Responses output items, and the typed stream events that build them. One state object per
 * answer; the JSON encoder uses `output` at the end, the stream encoder forwards the events as they come.
 * Only the first candidate is read (the Responses API has no `n`).
 */
export class OutputBuilder {
  readonly output: OutputItem[] = [];
  usage: Usage | undefined;
  finish: { reason: FinishReason; raw?: string } | undefined;
  private open: Open | undefined;
  private readonly search: WebSearchCall | undefined;
  /** Made at the first code the model ran: most answers run none. */
  private code: CodeInterpreterCalls | undefined;
  /** The reasoning items that name a message whose signature comes after its text (made at the first). */
  private named: NamedMessages | undefined;
  /** The length of the candidate's text so far, over all its messages (code it ran splits one in two). */
  private textLength = 0;

  constructor(private readonly options: OutputBuilderOptions) {
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
        return [...this.openReasoning(event.signature), ...this.reasoningDelta(event.text)];
      case "text-signature":
        this.signAnswer(event.signature);
        return [];
      case "tool-call": {
        // The open reasoning item takes the call's signature before it is done; with none open, one comes.
        const unsigned = !this.signReasoning(event.signature);
        const events = this.close("commentary");
        if (unsigned && event.signature !== undefined) events.push(...this.signedStep(event.signature));
        return [
          ...events,
          ...toolCallEvents(event, this.options.tools, this.options.newItemId, (item) => this.push(item)),
        ];
      }
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
        if (this.open?.kind === "message")
          this.partOf(this.open).logprobs.push(...openaiLogprobs(event.tokens));
        return [];
      case "citations":
        return [...(this.search?.complete(event.queries, event.sources) ?? []), ...this.annotate(event)];
      case "code-execution":
        return [
          ...this.close("commentary"),
          ...this.codeCalls().start(event.code, (item) => this.push(item)),
        ];
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
    this.named?.inline();
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
    const open = this.open;
    this.open = undefined;
    if (open?.kind === "message") open.item.status = "incomplete";
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
    const open = this.open;
    if (open?.kind !== "message" || event.citations.length === 0) return [];
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
    if (this.open?.kind === "message") return [];
    const signing = this.options.includeEncrypted && this.options.answersSigned === true;
    const open = this.open;
    // The thoughts' own reasoning item names the message (before it is done), unless a signature of theirs
    // already signs it; with no reasoning item before the message, one with summary [] does, as OpenAI's
    // reasoning models always send one.
    const named =
      signing && open?.kind === "reasoning" && open.item.encrypted_content == null ? open.item : undefined;
    const id = named === undefined ? undefined : this.options.newItemId("msg");
    if (named !== undefined && id !== undefined) this.name(named, id);
    const events = this.close("commentary");
    const fresh = signing && open?.kind !== "reasoning" ? this.newReasoning() : undefined;
    const messageId = id ?? this.options.newItemId("msg");
    if (fresh !== undefined) {
      this.name(fresh, messageId);
      events.push(...this.emitWhole(fresh));
    }
    const item: MessageItem = {
      type: "message",
      id: messageId,
      status: "in_progress",
      role: "assistant",
      content: [],
    };
    const index = this.push(item);
    this.open = { kind: "message", item, index, from: this.textLength };
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
    const open = this.open as Extract<Open, { kind: "message" }>;
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
  private partOf(open: Extract<Open, { kind: "message" }>): OutputText {
    const part = open.item.content[0] ?? { type: "output_text", text: "", annotations: [], logprobs: [] };
    open.item.content[0] = part;
    return part;
  }

  private openReasoning(signature: string | undefined): ResponseEvent[] {
    if (this.open?.kind === "reasoning") {
      if (signature !== undefined && this.options.includeEncrypted)
        this.open.item.encrypted_content = signature;
      return [];
    }
    const events = this.close("commentary");
    const item: ReasoningItem = { type: "reasoning", id: this.options.newItemId("rs"), summary: [] };
    if (this.options.includeEncrypted) item.encrypted_content = signature ?? null;
    const index = this.push(item);
    this.open = { kind: "reasoning", item, index };
    const added: ResponseEvent = {
      type: "response.output_item.added",
      output_index: index,
      item: snapshotReasoning(item),
    };
    if (!this.options.reasoningSummary) return [...events, added];
    return [
      ...events,
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

  /**
   * Gemini 3 puts a step's thought signature on its first function call, not on its thoughts: the reasoning
   * just before that call gets it as its encrypted_content (clients with `store: false`, such as the AI SDK,
   * drop and warn about a reasoning item whose encrypted_content is null). False when the signature is to be
   * carried and no reasoning item is open to carry it.
   */
  private signReasoning(signature: string | undefined): boolean {
    if (signature === undefined || !this.options.includeEncrypted) return true;
    if (this.open?.kind !== "reasoning") return false;
    this.open.item.encrypted_content ??= signature;
    return true;
  }

  /** A signed call whose thoughts were not shown: a reasoning item (summary []) before it carries its signature. */
  private signedStep(signature: string): ResponseEvent[] {
    const reasoning = this.newReasoning();
    reasoning.encrypted_content = signature;
    return this.emitWhole(reasoning);
  }

  /** The answer's text was signed: kept by its message's id, and for its reasoning item (`inlineSignatures`). */
  private signAnswer(signature: string): void {
    // The message being written, or the one just closed (a citation or a finish may come between).
    const message = this.open?.kind === "message" ? this.open.item : this.output.at(-1);
    if (message?.type !== "message") return;
    this.options.saveSignature?.(message.id, signature);
    this.named?.signed(message.id, signature);
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
    const index = this.push(item);
    return [
      { type: "response.output_item.added", output_index: index, item: snapshotReasoning(item) },
      { type: "response.output_item.done", output_index: index, item: snapshotReasoning(item) },
    ];
  }

  private reasoningDelta(delta: string): ResponseEvent[] {
    if (delta === "" || !this.options.reasoningSummary) return [];
    const open = this.open as Extract<Open, { kind: "reasoning" }>;
    const summary = open.item.summary[0] ?? { type: "summary_text", text: "" };
    summary.text += delta;
    open.item.summary[0] = summary;
    return [
      {
        type: "response.reasoning_summary_text.delta",
        item_id: open.item.id,
        output_index: open.index,
        summary_index: 0,
        delta,
      },
    ];
  }

  private close(phase: MessageItem["phase"]): ResponseEvent[] {
    const open = this.open;
    if (open === undefined) return [];
    this.open = undefined;
    if (open.kind === "reasoning") {
      const done: ResponseEvent = {
        type: "response.output_item.done",
        output_index: open.index,
        item: snapshotReasoning(open.item),
      };
      if (!this.options.reasoningSummary) return [done];
      const text = open.item.summary[0]?.text ?? "";
      return [
        {
          type: "response.reasoning_summary_text.done",
          item_id: open.item.id,
          output_index: open.index,
          summary_index: 0,
          text,
        },
        {
          type: "response.reasoning_summary_part.done",
          item_id: open.item.id,
          output_index: open.index,
          summary_index: 0,
          part: { type: "summary_text", text },
        },
        done,
      ];
    }
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

const snapshotReasoning = (item: ReasoningItem): ReasoningItem => ({
  ...item,
  summary: item.summary.map((part) => ({ ...part })),
});
