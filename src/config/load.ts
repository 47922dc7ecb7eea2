import { homedir } from "node:os";
import { join } from "node:path";
import { readConfigFile } from "./config-file.js";
import { deepFreeze } from "./deep-freeze.js";
import { envNameFor, readEnvValues } from "./env.js";
import { problemsFromIssues, SourceMap, toConfigError } from "./problems.js";
import { type Config, configSchema } from "./schema.js";

export { ConfigError } from "./config-error.js";

export interface ConfigSources {
  /** Already-typed values from CLI flags, e.g. `{ port: 9000 }`; undefined values are ignored. */
  flags?: Partial<Record<string, unknown>>;
  /** The process environment, passed in: nothing else in agate reads `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** `--config FILE`; default `<AGATE_HOME or ~/.agate>/config.json`, which may be absent. */
  configFile?: string;
  /** `os.homedir()`, injectable for tests. */
  homeDir?: string;
}

const FLAGS_SOURCE = "the command line";

/**
 * Builds the configuration from flags > environment > config file > defaults, validates it once against
 * the schema and returns it deep-frozen. Throws ConfigError (exit code 2) naming the key, what is
 * allowed and where the bad value came from.
 */
export function loadConfig(sources: ConfigSources): Config {
  const env = sources.env ?? {};
  const homeDir = sources.homeDir ?? homedir();
  const agateHome = agateHomeFrom(env, homeDir);
  const input = new Map<string, unknown>();
  const origins = new SourceMap();
  const apply = (values: Iterable<[string, unknown]>, sourceOf: (key: string) => string) => {
    for (const [key, value] of values) {
      if (value === undefined) continue;
      input.set(key, value);
      origins.set([key], sourceOf(key));
    }
  };

  apply([["data_dir", agateHome.dir]], () => agateHome.source);
  const filePath =
    sources.configFile === undefined
      ? join(agateHome.dir, "config.json")
      : expandHome(sources.configFile, homeDir);
  const fileValues = readConfigFile(filePath, sources.configFile !== undefined);
  if (fileValues !== undefined) apply(Object.entries(fileValues), () => filePath);
  const fromEnv = readEnvValues(env);
  if (fromEnv.problems.length > 0) throw toConfigError(fromEnv.problems);
  apply(fromEnv.values, envNameFor);
  apply(Object.entries(sources.flags ?? {}), () => FLAGS_SOURCE);
  addGeminiKeyAccount(input, env, origins);
  const dataDir = input.get("data_dir");
  if (typeof dataDir === "string") input.set("data_dir", expandHome(dataDir, homeDir));

  const candidate = Object.fromEntries(input);
  const result = configSchema.safeParse(candidate);
  if (!result.success) throw toConfigError(problemsFromIssues(result.error.issues, candidate, origins));
  return deepFreeze(structuredClone(result.data));
}

function agateHomeFrom(env: Readonly<Record<string, string | undefined>>, homeDir: string) {
  const fromEnv = env.AGATE_HOME?.trim();
  return fromEnv
    ? { dir: expandHome(fromEnv, homeDir), source: "AGATE_HOME" }
    : { dir: join(homeDir, ".agate"), source: "the default" };
}

/** `~` and `~/…` at the start of a path mean the home directory. */
export function expandHome(path: string, homeDir: string): string {
  if (path === "~") return homeDir;
  if (path.startsWith("~/") || path.startsWith("~\\")) return join(homeDir, path.slice(2));
  return path;
}

/** `GEMINI_API_KEY` (and `GEMINI_BASE_URL`) adds one API-key account after the configured ones. */
function addGeminiKeyAccount(
  input: Map<string, unknown>,
  env: Readonly<Record<string, string | undefined>>,
  origins: SourceMap,
): void {
  const apiKey = env.GEMINI_API_KEY?.trim();
  const accounts = input.get("accounts") ?? [];
  if (!apiKey || !Array.isArray(accounts)) return;
  const alreadyThere = accounts.some(
    (account: unknown) =>
      typeof account === "object" && account !== null && "api_key" in account && account.api_key === apiKey,
  );
  if (alreadyThere) return;
  const baseUrl = env.GEMINI_BASE_URL?.trim();
  const index = accounts.length;
  input.set("accounts", [
    ...accounts,
    {
      kind: "gemini",
      label: "env:GEMINI_API_KEY",
      api_key: apiKey,
      ...(baseUrl ? { base_url: baseUrl } : {}),
    },
  ]);
  origins.set(["accounts", index], "GEMINI_API_KEY");
  if (baseUrl) origins.set(["accounts", index, "base_url"], "GEMINI_BASE_URL");
}

export type { Config };
