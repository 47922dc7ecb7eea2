/**
 * A configuration problem found at start-up. The CLI prints the message and exits with `exitCode`;
 * `key` is the path of the offending key (e.g. `port`, `accounts[0].api_key`) when there is one.
 */
export class ConfigError extends Error {
  readonly key: string | undefined;
  readonly exitCode = 2;

  constructor(message: string, key?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ConfigError";
    this.key = key;
  }
}
