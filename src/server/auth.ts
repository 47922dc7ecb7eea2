import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { Config } from "../config/schema.js";

export type EffectiveAuthMode = "off" | "strict" | "all_except_health";

/** `auto` means all_except_health when agate listens beyond loopback, else off (contract §3). */
export function resolveAuthMode(config: Pick<Config, "auth_mode" | "allow_lan_access">): EffectiveAuthMode {
  if (config.auth_mode !== "auto") return config.auth_mode;
  return config.allow_lan_access ? "all_except_health" : "off";
}

/** Administrative routes have their own guard (admin_key or loopback, see admin-auth.ts), not client keys. */
export const isAdminPath = (path: string): boolean =>
  path.startsWith("/admin/") || path === "/metrics" || path === "/ui" || path.startsWith("/ui/");

export function routeNeedsKey(mode: EffectiveAuthMode, method: string, path: string): boolean {
  if (mode === "off" || method === "OPTIONS" || isAdminPath(path)) return false;
  if (mode === "all_except_health" && path === "/healthz") return false;
  return true;
}

const BEARER = /^bearer\s+(.+)$/i;

/** Authorization: Bearer, else x-api-key, else x-goog-api-key. Never the URL. */
export function extractApiKey(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    const key = BEARER.exec(authorization.trim())?.[1]?.trim();
    if (key !== undefined && key !== "") return key;
  }
  for (const name of ["x-api-key", "x-goog-api-key"] as const) {
    const value = headers[name];
    const key = (Array.isArray(value) ? value[0] : value)?.trim();
    if (key !== undefined && key !== "") return key;
  }
  return undefined;
}

const digest = (value: string): Buffer => createHash("sha256").update(value).digest();

/** Matches `candidate` against every configured key in constant time (no early exit, equal-length digests). */
export class ApiKeyChecker {
  private readonly digests: readonly Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(digest);
  }

  matches(candidate: string): boolean {
    return this.indexOf(candidate) >= 0;
  }

  /** Which of the keys `candidate` is (0 for the first), or -1. */
  indexOf(candidate: string): number {
    const presented = digest(candidate);
    let found = -1;
    this.digests.forEach((expected, index) => {
      if (timingSafeEqual(presented, expected) && found === -1) found = index;
    });
    return found;
  }
}

/**
 * The api_keys index each request that passed the key check presented, by its headers object: the request
 * log names the key from it instead of hashing the key a second time (≈ 2 µs a request).
 */
const presentedKeys = new WeakMap<IncomingHttpHeaders, number>();

export const rememberPresentedKey = (headers: IncomingHttpHeaders, index: number): void => {
  presentedKeys.set(headers, index);
};

export const presentedKeyIndex = (headers: IncomingHttpHeaders): number | undefined =>
  presentedKeys.get(headers);
