import type { FastifyInstance } from "fastify";

/**
 * Listens without fastify's own "Server listening at" line: agate says once that it listens, with what it
 * serves (the cluster's primary, one line for all its workers).
 */
export async function listenQuietly(
  app: FastifyInstance,
  address: { port: number; host: string },
): Promise<void> {
  const log = app.log;
  const level = log.level;
  if (["info", "debug", "trace"].includes(level)) log.level = "warn";
  try {
    await app.listen(address);
  } finally {
    log.level = level;
  }
}
