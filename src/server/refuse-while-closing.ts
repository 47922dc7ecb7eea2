import type { FastifyInstance } from "fastify";
import { shuttingDown } from "../errors.js";

/**
 * Once the gateway stops, a request that still arrives on an open connection (keep-alive, pipelined) gets a
 * 503 in the OpenAI error shape through the one error handler (fastify's own 503 has another shape), with
 * Connection: close so that the client's retry opens a new connection. Requests already running finish.
 * Registered right after the hook that names the request (X-Request-Id): nothing else runs for it.
 */
export function refuseWhileClosing(app: FastifyInstance): void {
  let closing = false;
  app.addHook("preClose", (done) => {
    closing = true;
    done();
  });
  app.addHook("onRequest", (_request, reply, done) => {
    if (!closing) return done();
    reply.header("connection", "close");
    done(shuttingDown());
  });
}
