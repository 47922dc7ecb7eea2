import { isIP } from "node:net";

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

export function isLoopbackAddress(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").replace(/^::ffff:/i, "");
  return bare === "localhost" || bare === "::1" || (isIP(bare) === 4 && bare.startsWith("127."));
}

/** The host name of a Host header, without port; IPv6 keeps its brackets off. */
export function hostName(header: string): string {
  const trimmed = header.trim().toLowerCase();
  if (trimmed.startsWith("[")) return trimmed.slice(1, trimmed.indexOf("]"));
  const colon = trimmed.lastIndexOf(":");
  return colon === -1 ? trimmed : trimmed.slice(0, colon);
}

/**
 * Against DNS rebinding: while agate listens on loopback only, a request must name a loopback host (or one
 * the user allowed), so a web page on evil.example resolving to 127.0.0.1 is refused.
 */
export function hostAllowed(hostHeader: string | undefined, allowedHosts: ReadonlySet<string>): boolean {
  if (hostHeader === undefined || hostHeader === "") return false;
  const name = hostName(hostHeader);
  return (
    LOOPBACK_NAMES.has(name) ||
    isLoopbackAddress(name) ||
    name.endsWith(".localhost") ||
    allowedHosts.has(name)
  );
}

/** hostAllowed for one configuration, remembering the verdict for the few Host headers a server sees. */
export class HostGuard {
  private readonly allowed: ReadonlySet<string>;
  private readonly seen = new Map<string, boolean>();

  constructor(allowedHosts: readonly string[]) {
    this.allowed = new Set(allowedHosts.map((host) => host.toLowerCase()));
  }

  allows(hostHeader: string | undefined): boolean {
    if (hostHeader === undefined) return false;
    const known = this.seen.get(hostHeader);
    if (known !== undefined) return known;
    const verdict = hostAllowed(hostHeader, this.allowed);
    // Bounded: a client sending a new Host every time gets no memory from it.
    if (this.seen.size < 256) this.seen.set(hostHeader, verdict);
    return verdict;
  }
}
