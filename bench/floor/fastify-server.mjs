// The floor on fastify (agate's own HTTP framework): the same proxy as server.mjs behind a bare fastify app
// with its defaults — its router, its JSON body parser, `reply.send` for JSON and a hijacked reply for SSE —
// and nothing else. Its distance to server.mjs is what the framework costs; agate's distance to it is what
// agate's own work costs.
// Usage: node bench/floor/fastify-server.mjs --port 18050 --upstream http://127.0.0.1:18046 --key bench-key
import Fastify from "fastify";
import { createProxy, floorOptions } from "./proxy.mjs";

const options = floorOptions();
const proxy = createProxy(options);
const app = Fastify({ logger: false, keepAliveTimeout: 30_000 });

app.get("/healthz", async () => ({ status: "ok" }));
app.post("/v1/chat/completions", async (request, reply) => {
  const out = {
    json: (status, body) => reply.status(status).send(body),
    raw: () => {
      reply.hijack();
      return reply.raw;
    },
  };
  try {
    await proxy.complete(request.body, out);
  } catch (error) {
    if (!reply.raw.headersSent) return reply.status(502).send({ error: { message: String(error) } });
    reply.raw.destroy();
  }
  return reply;
});

await app.listen({ port: options.port, host: "127.0.0.1" });
process.stdout.write(`fastify floor on ${options.port}\n`);
const stop = () =>
  app
    .close()
    .then(() => proxy.close())
    .then(() => process.exit(0));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
