import { BackgroundPrune } from "./background-prune.js";
import type { CooldownsRepository } from "./cooldowns-repository.js";
import type { SessionsRepository } from "./sessions-repository.js";

export interface StaleStateOptions {
  sessions: SessionsRepository;
  /** Deletes at most `limit` signatures past their retention; returns how many. */
  signatures: { prune(limit: number): number };
  cooldowns: CooldownsRepository;
  now: () => number;
  /** A sticky session unused this long goes. */
  sessionTtlMs: number;
  onError(error: unknown): void;
}

/**
 * What the store keeps only for a while and no request deletes: sticky sessions unused for their time to
 * live, thought signatures past their retention, ended cool-downs. Start-up forgets them; this forgets them
 * while a gateway runs for weeks (every ten minutes, a chunk at a time), so that the store does not grow
 * with every new conversation until the next restart.
 */
export function staleStatePrune(options: StaleStateOptions): BackgroundPrune {
  const { sessions, signatures, cooldowns, now, sessionTtlMs } = options;
  return new BackgroundPrune({
    // The sum falls short of the chunk only once each table is done.
    step: (chunk) =>
      sessions.removeOlderThan(now() - sessionTtlMs, chunk) +
      signatures.prune(chunk) +
      cooldowns.removeExpired(now()),
    chunk: 2_000,
    intervalMs: 10 * 60_000,
    onError: options.onError,
  });
}
