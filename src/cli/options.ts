import { InvalidArgumentError } from "commander";

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError("expected an integer from 0 to 65535.");
  }
  return port;
}

/** `--workers`: a whole number of processes, 0 meaning one per CPU. */
export function parseWorkers(value: string): number {
  const workers = Number(value);
  if (!Number.isInteger(workers) || workers < 0 || workers > 256) {
    throw new InvalidArgumentError("expected an integer from 0 (one per CPU) to 256.");
  }
  return workers;
}

export interface ServerFlags {
  port?: number;
  workers?: number;
  host?: string;
  config?: string;
}

/** The config keys a serve/demo command line sets; undefined flags are left to env, file and defaults. */
export function flagsToConfig(flags: ServerFlags): Record<string, unknown> {
  return { port: flags.port, host: flags.host, workers: flags.workers };
}
