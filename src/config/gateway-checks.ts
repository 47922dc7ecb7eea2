import { resolveAuthMode } from "../server/auth.js";
import { ConfigError } from "./config-error.js";
import type { Config } from "./schema.js";

/**
 * Checks across keys that a gateway needs before it starts (`agate serve`, `agate demo`, each cluster
 * worker) and that `agate config check` applies too, so that a file it calls valid is one serve accepts.
 * The account and stats commands do not apply them: they never serve a client.
 */
export function checkGatewayConfig(config: Config): void {
  checkAuthKeys(config);
}

/** Auth turned on with no key to accept would lock everyone out. */
function checkAuthKeys(config: Config): void {
  const mode = resolveAuthMode(config);
  if (mode === "off" || config.api_keys.length > 0) return;
  const why =
    config.auth_mode === "auto" ? " (auth_mode auto turns auth on because allow_lan_access is true)" : "";
  throw new ConfigError(
    `Invalid configuration: api_keys: auth is '${mode}'${why} but no api_keys are set; ` +
      "set AGATE_API_KEYS=<key> or api_keys in the config file, or set auth_mode to off.",
    "api_keys",
  );
}
