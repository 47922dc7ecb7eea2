import { UpstreamError } from "../upstream-error.js";

/**
 * Whether the next Cloud Code endpoint may succeed where this one failed: yes on 404, 408, 5xx and
 * network failures; never on 429 (a quota is the account's, not the endpoint's) or other client errors.
 */
export function movesToNextBase(error: unknown): boolean {
  if (!(error instanceof UpstreamError) || error.oauth !== undefined) return false;
  if (error.status === undefined) return error.kind === "network" || error.kind === "timeout";
  return error.status === 404 || error.status === 408 || error.status >= 500;
}

/**
 * Tries `send` on each base URL in turn, starting with the one that last worked for this account, and
 * returns the first success; the last failure when every base failed.
 */
export class BaseUrlFallback {
  private readonly preferred = new Map<string, string>();

  async send<T>(accountId: string, bases: readonly string[], send: (base: string) => Promise<T>): Promise<T> {
    const ordered = this.order(accountId, bases);
    let lastError: unknown;
    for (const [index, base] of ordered.entries()) {
      try {
        const result = await send(base);
        if (index > 0) this.preferred.set(accountId, base);
        return result;
      } catch (error) {
        lastError = error;
        if (!movesToNextBase(error)) throw error;
      }
    }
    throw lastError;
  }

  private order(accountId: string, bases: readonly string[]): string[] {
    const preferred = this.preferred.get(accountId);
    if (preferred === undefined || !bases.includes(preferred)) return [...bases];
    return [preferred, ...bases.filter((base) => base !== preferred)];
  }
}
