import type { FastifyBaseLogger } from "fastify";
import { FirstSightings } from "../first-sightings.js";

/** Distinct messages remembered at most. */
const MAX_MESSAGES = 100;

/**
 * A warning that a client's every request would raise (Codex declares web_search on each turn): logged at
 * warn the first time in this process, then at debug, so the log says it once instead of on every turn.
 */
export class WarnOnce {
  private readonly told = new FirstSightings(MAX_MESSAGES);

  warn(log: Pick<FastifyBaseLogger, "warn" | "debug">, message: string): void {
    if (!this.told.first(message)) {
      log.debug(message);
      return;
    }
    log.warn(`${message} (said once; later requests log it at debug)`);
  }
}
