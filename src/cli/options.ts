import { InvalidArgumentError } from "commander";

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError("expected an integer from 0 to 65535.");
  }
  return port;
}

export interface ServerFlags {
  port?: number;
  host?: string;
  config?: string;
}

/** The config keys a serve/demo command line sets; undefined flags are left to env, file and defaults. */
export function flagsToConfig(flags: ServerFlags): Record<string, unknown> {
  return { port: flags.port, host: flags.host };
}
