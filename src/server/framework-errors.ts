import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { type AgateError, internalError, invalidRequest, notFound } from "../errors.js";

/**
 * What fastify's router refuses before any hook or route runs (a path that is not valid percent-encoding,
 * a path segment too long to be any id), in the OpenAI error shape (contract §5) instead of fastify's own.
 * As for the not-found handler, the app's error handler is not in reach here (fastify calls this with its
 * root context's default one), so the answer is written as that handler writes it.
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const answer = frameworkError(error);
  if (answer.status >= 500) request.log.error({ err: error }, "the router failed on a request");
  reply.header("x-request-id", request.id).status(answer.status).send(answer.toJSON());
}

function frameworkError(error: FastifyError): AgateError {
  switch (error.code) {
    case "FST_ERR_BAD_URL":
      return invalidRequest(
        "The request path is not valid percent-encoding: a '%' must start an escape such as %2F; write '%' itself as %25.",
        null,
        "invalid_url",
      );
    case "FST_ERR_MAX_PARAM_LENGTH":
      return notFound("Nothing here: an id in the request path is longer than any agate serves.");
    default:
      // Logged above with the request id, which the answer names.
      return internalError();
  }
}
