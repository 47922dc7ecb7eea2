import type { FastifyInstance, FastifyReply } from "fastify";
import { type AgateError, shuttingDown } from "../errors.js";

/**
 * Once the gateway stops, a request that still arrives on an open connection (keep-alive, pipelined) gets a
 * 503 in the OpenAI error shape through the one error handler (fastify's own 503 has another shape), with
 * Connection: close so that the client's retry opens a new connection. Requests already running finish.
 * The first onRequest hook asks `refusal` (one flag read: no hook of its own on every request).
 */
export class RefuseWhileClosing {
  private closing = false;

  constructor(app: FastifyInstance) {
    app.addHook("preClose", (done) => {
      this.closing = true;
      done();
    });
  }

  /** The answer to a request that came while the gateway stops; undefined while it serves. */
  refusal(reply: FastifyReply): AgateError | undefined {
    if (!this.closing) return undefined;
    reply.header("connection", "close");
    return shuttingDown();
  }
}
