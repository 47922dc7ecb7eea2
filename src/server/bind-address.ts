import type { Config } from "../config/schema.js";
import { isLoopbackAddress } from "./host-guard.js";

/** Where agate listens: `host` when set, else 0.0.0.0 with allow_lan_access, else 127.0.0.1. */
export function bindHost(config: Pick<Config, "host" | "allow_lan_access">): string {
  return config.host ?? (config.allow_lan_access ? "0.0.0.0" : "127.0.0.1");
}

export const bindsLoopbackOnly = (config: Pick<Config, "host" | "allow_lan_access">): boolean =>
  isLoopbackAddress(bindHost(config));

/** Why agate could not listen, in one line: a port in use says which and what to do. */
export function listenFailure(
  error: unknown,
  config: Pick<Config, "host" | "allow_lan_access" | "port">,
): string {
  if ((error as NodeJS.ErrnoException).code === "EADDRINUSE")
    return `${bindHost(config)}:${config.port} is already in use (another agate?): stop it or choose another port (--port, AGATE_PORT).`;
  return error instanceof Error ? error.message : String(error);
}
