import { type CommanderError, InvalidArgumentError } from "commander";

/**
 * An option value agate cannot use. Thrown by an option's parser, commander prints "option '--port <port>'
 * argument '99999' is invalid. expected ..."; thrown by a command, main.ts prints its message. Either way
 * the exit code is 2, as for an invalid configuration value (flags are configuration too).
 */
export class InvalidOptionValue extends InvalidArgumentError {
  constructor(message: string) {
    super(message);
    this.name = "InvalidOptionValue";
    this.exitCode = 2;
  }
}

/** Command lines agate cannot use: an unknown option or command, a missing option value or argument. */
const USAGE_ERRORS: ReadonlySet<string> = new Set([
  "commander.unknownOption",
  "commander.unknownCommand",
  "commander.optionMissingArgument",
  "commander.missingArgument",
  "commander.missingMandatoryOptionValue",
  "commander.excessArguments",
]);

/**
 * commander's exit (its message already printed): a command line agate cannot use exits 2, as an invalid
 * option value does; help and version keep theirs (0).
 */
export function exitAfterCommander(error: CommanderError): never {
  process.exit(USAGE_ERRORS.has(error.code) ? 2 : error.exitCode);
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidOptionValue("expected an integer from 0 to 65535.");
  }
  return port;
}

/** `--workers`: a whole number of processes, 0 meaning one per CPU. */
export function parseWorkers(value: string): number {
  const workers = Number(value);
  if (!Number.isInteger(workers) || workers < 0 || workers > 256) {
    throw new InvalidOptionValue("expected an integer from 0 (one per CPU) to 256.");
  }
  return workers;
}

export function parsePositiveInteger(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new InvalidOptionValue("expected a positive integer.");
  return number;
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
