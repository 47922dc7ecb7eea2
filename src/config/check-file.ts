import { ConfigError } from "./config-error.js";
import { loadConfig } from "./load.js";

export type ConfigFileCheck = { ok: true } | { ok: false; message: string };

/**
 * `agate config check FILE`: validates the file alone against the schema, defaults applied, ignoring the
 * environment and flags.
 */
export function checkConfigFile(path: string, homeDir?: string): ConfigFileCheck {
  try {
    loadConfig({ configFile: path, env: {}, ...(homeDir === undefined ? {} : { homeDir }) });
    return { ok: true };
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, message: error.message };
    throw error;
  }
}
