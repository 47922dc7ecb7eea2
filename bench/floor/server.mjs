// The floor: a bare node:http + undici proxy doing agate's OpenAI Chat → Gemini text translation and nothing
// else (no auth, routing, pool, failover, validation or logging). What a gateway costs at least.
// Usage: node bench/floor/server.mjs --port 18047 --upstream http://127.0.0.1:18046 --key bench-key
import { createServer } from "node:http";
import { createProxy, floorOptions } from "./proxy.mjs";

const options = floorOptions();
const proxy = createProxy(options);

const server = createServer((request, response) => {
  if (request.method === "GET" && request.url === "/healthz")
    return sendJson(response, 200, { status: "ok" });
  if (request.method !== "POST" || request.url !== "/v1/chat/completions")
    return sendJson(response, 404, { error: { message: "not found" } });
  const out = { json: (status, body) => sendJson(response, status, body), raw: () => response };
  readBody(request)
    .then((raw) => proxy.complete(JSON.parse(raw), out))
    .catch((error) => {
      if (!response.headersSent) sendJson(response, 502, { error: { message: String(error) } });
      else response.destroy();
    });
});

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
server.listen(options.port, "127.0.0.1", () => process.stdout.write(`floor on ${options.port}\n`));
const stop = () => server.close(() => proxy.close().then(() => process.exit(0)));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
