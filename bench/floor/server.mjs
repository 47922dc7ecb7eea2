// The floor: a bare node:http + undici proxy doing agate's OpenAI Chat → Gemini text translation and nothing
// else (no auth, routing, pool, failover, validation or logging). What a gateway costs at least.
// Usage: node bench/floor/server.mjs --port 18047 --upstream http://127.0.0.1:18046 --key bench-key
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { parseArgs } from "node:util";
import { createParser } from "eventsource-parser";
import { Pool } from "undici";
import { toChatChunks, toChatCompletion, toGeminiRequest } from "./translate.mjs";

const { values } = parseArgs({
  options: { port: { type: "string" }, upstream: { type: "string" }, key: { type: "string" } },
});
const upstream = new Pool(values.upstream, { connections: 256, keepAliveTimeout: 30_000 });
const upstreamHeaders = { "content-type": "application/json", "x-goog-api-key": values.key };

const server = createServer((request, response) => {
  if (request.method === "GET" && request.url === "/healthz")
    return sendJson(response, 200, { status: "ok" });
  if (request.method !== "POST" || request.url !== "/v1/chat/completions")
    return sendJson(response, 404, { error: { message: "not found" } });
  readBody(request)
    .then((raw) => complete(JSON.parse(raw), response))
    .catch((error) => {
      if (!response.headersSent) sendJson(response, 502, { error: { message: String(error) } });
      else response.destroy();
    });
});

async function complete(chat, response) {
  const context = {
    id: `chatcmpl-${randomUUID()}`,
    created: Math.floor(Date.now() / 1000),
    model: chat.model,
  };
  const method = chat.stream === true ? "streamGenerateContent?alt=sse" : "generateContent";
  const answer = await upstream.request({
    method: "POST",
    path: `/v1beta/models/${encodeURIComponent(chat.model)}:${method}`,
    headers: upstreamHeaders,
    body: JSON.stringify(toGeminiRequest(chat)),
  });
  if (answer.statusCode !== 200) {
    const text = await answer.body.text();
    return sendJson(response, answer.statusCode, { error: { message: text } });
  }
  if (chat.stream !== true)
    return sendJson(response, 200, toChatCompletion(await answer.body.json(), context));
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

function readBody(request) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function sendJson(response, status, body) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}

server.keepAliveTimeout = 30_000;
server.listen(Number(values.port), "127.0.0.1", () => process.stdout.write(`floor on ${values.port}\n`));
const stop = () => server.close(() => upstream.close().then(() => process.exit(0)));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
