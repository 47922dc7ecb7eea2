import { describe, expect, it } from "vitest";
import { AgateError } from "../../errors.js";
import type { GenerateEvent } from "../../hub/types.js";
import { encodeChatJson } from "./encode-json.js";
import { encodeChatStream } from "./encode-stream.js";

const context = { id: "chatcmpl-1", created: 1700000000, model: "gpt-4o", includeUsage: false };
const URL_A = "https://vertexaisearch.cloud.google.com/grounding-api-redirect/A1";

const grounded: GenerateEvent[] = [
  { type: "text-delta", candidate: 0, text: "Spain won Euro 2024. " },
  { type: "text-delta", candidate: 0, text: "The final was in Berlin." },
  {
    type: "citations",
    candidate: 0,
    queries: ["Euro 2024 winner"],
    sources: [URL_A, "https://example.com/b"],
    citations: [
      { start: 0, end: 20, url: URL_A, title: "uefa.com" },
      { start: 21, end: 45, url: "https://example.com/b", title: "example.com" },
    ],
  },
  { type: "finish", candidate: 0, reason: "stop", rawReason: "STOP" },
];

const annotations = [
  { type: "url_citation", url_citation: { start_index: 0, end_index: 20, title: "uefa.com", url: URL_A } },
  {
    type: "url_citation",
    url_citation: { start_index: 21, end_index: 45, title: "example.com", url: "https://example.com/b" },
  },
];

async function* from(events: GenerateEvent[]): AsyncGenerator<GenerateEvent> {
  yield* events;
}

const toError = (error: unknown) =>
  error instanceof AgateError
    ? error
    : new AgateError(String(error), { status: 502, type: "server_error", code: "x" });

describe("chat citations", () => {
  it("a grounded answer's citations → message.annotations as url_citation objects", async () => {
    const completion = await encodeChatJson(from(grounded), context);
    expect(completion.choices[0]?.message).toEqual({
      role: "assistant",
      content: "Spain won Euro 2024. The final was in Berlin.",
      refusal: null,
      annotations,
    });
  });

  it("an answer without citations has no annotations key (nothing changes for other requests)", async () => {
    const completion = await encodeChatJson(
      from([grounded[0] as GenerateEvent, grounded[3] as GenerateEvent]),
      context,
    );
    expect(completion.choices[0]?.message).not.toHaveProperty("annotations");
  });

  it("streamed: one chunk whose delta carries the annotations, after the text and before the finish", async () => {
    const out: unknown[] = [];
    for await (const frame of encodeChatStream(from(grounded), context, toError)) {
      const data = frame.slice(6, -2);
      out.push(data === "[DONE]" ? data : JSON.parse(data));
    }
    const choice = (delta: unknown, finish: string | null = null) => ({
      id: "chatcmpl-1",
      object: "chat.completion.chunk",
      created: 1700000000,
      model: "gpt-4o",
      system_fingerprint: null,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    });
    expect(out).toEqual([
      choice({ role: "assistant", content: "" }),
      choice({ content: "Spain won Euro 2024. " }),
      choice({ content: "The final was in Berlin." }),
      choice({ annotations }),
      choice({}, "stop"),
      "[DONE]",
    ]);
  });
});
