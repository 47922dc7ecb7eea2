// The floor's proxying, shared by its two front ends (server.mjs on node:http, fastify-server.mjs on fastify):
// one OpenAI Chat request in, one Gemini call through an undici Pool, the answer translated back.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { createParser } from "eventsource-parser";
import { Pool } from "undici";
import { toChatChunks, toChatCompletion, toGeminiRequest } from "./translate.mjs";

/** `--port`, `--upstream` and `--key` from the command line. */
export function floorOptions() {
  const { values } = parseArgs({
    options: { port: { type: "string" }, upstream: { type: "string" }, key: { type: "string" } },
  });
  return { port: Number(values.port), upstream: values.upstream, key: values.key };
}

export function createProxy({ upstream, key }) {
  const pool = new Pool(upstream, { connections: 256, keepAliveTimeout: 30_000 });
  const upstreamHeaders = { "content-type": "application/json", "x-goog-api-key": key };

  /**
   * Answers `chat` on `out`: `out.json(status, body)` for a whole answer, `out.raw` (a ServerResponse) for a
   * stream.
   */
  async function complete(chat, out) {
    const context = {
      id: `chatcmpl-${randomUUID()}`,
      created: Math.floor(Date.now() / 1000),
      model: chat.model,
    };
    const method = chat.stream === true ? "streamGenerateContent?alt=sse" : "generateContent";
    const answer = await pool.request({
      method: "POST",
      path: `/v1beta/models/${encodeURIComponent(chat.model)}:${method}`,
      headers: upstreamHeaders,
      body: JSON.stringify(toGeminiRequest(chat)),
    });
    if (answer.statusCode !== 200) {
      const text = await answer.body.text();
      return out.json(answer.statusCode, { error: { message: text } });
    }
    if (chat.stream !== true) return out.json(200, toChatCompletion(await answer.body.json(), context));
    const response = out.raw();
    response.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
    });
    let first = true;
    const parser = createParser({
      onEvent: (event) => {
        for (const frame of toChatChunks(JSON.parse(event.data), context, first)) response.write(frame);
        first = false;
      },
    });
    const decoder = new TextDecoder();
    for await (const bytes of answer.body) parser.feed(decoder.decode(bytes, { stream: true }));
    response.end("data: [DONE]\n\n");
  }

  return { complete, close: () => pool.close() };
}
