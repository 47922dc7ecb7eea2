import { ConfigError } from "./config-error.js";
import { checkGatewayConfig } from "./gateway-checks.js";
import { loadConfig } from "./load.js";

export type ConfigFileCheck = { ok: true } | { ok: false; message: string };

/**
 * `agate config check FILE`: validates the file alone, defaults applied, ignoring the environment and flags,
 * as `agate serve` would at start-up: the schema, then the checks across keys (checkGatewayConfig).
 */
export function checkConfigFile(path: string, homeDir?: string): ConfigFileCheck {
  try {
    checkGatewayConfig(
      loadConfig({ configFile: path, env: {}, ...(homeDir === undefined ? {} : { homeDir }) }),
    );
    return { ok: true };
  } catch (error) {
    if (error instanceof ConfigError) return { ok: false, message: error.message };
    throw error;
  }
}
