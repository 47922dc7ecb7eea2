import type { FastifyReply } from "fastify";

/**
 * The signal for one request's upstream calls: aborted when the client goes away before the answer is
 * complete (so the upstream call stops at once), or when request_timeout_ms has passed.
 */
export function upstreamSignal(reply: FastifyReply, timeoutMs: number): AbortSignal {
  const clientGone = new AbortController();
  reply.raw.once("close", () => {
    if (!reply.raw.writableFinished) clientGone.abort(new Error("the client closed the connection"));
  });
  return AbortSignal.any([clientGone.signal, AbortSignal.timeout(timeoutMs)]);
}
