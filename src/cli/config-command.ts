import { checkConfigFile } from "../config/check-file.js";
import { ConfigError } from "../config/config-error.js";
import { renderConfigTable } from "../config/describe.js";
import { loadConfig } from "../config/load.js";
import { maskSecrets } from "../config/mask.js";

export interface PrintConfigFlags {
  config?: string;
  keys?: boolean;
}

/** `agate config print`: the effective configuration (all sources applied), secrets masked. */
export function printConfigCommand(flags: PrintConfigFlags): void {
  if (flags.keys === true) {
    process.stdout.write(`${renderConfigTable()}\n`);
    return;
  }
  const config = loadConfig({
    env: process.env,
    ...(flags.config === undefined ? {} : { configFile: flags.config }),
  });
  process.stdout.write(`${JSON.stringify(maskSecrets(config), null, 2)}\n`);
}

/** `agate config check FILE`: validates one file against the schema. */
export function checkConfigCommand(file: string): void {
  const result = checkConfigFile(file);
  if (!result.ok) throw new ConfigError(result.message);
  process.stdout.write(`${file}: valid\n`);
}
