import type { Config } from "./schema.js";

/** One of api_keys, whichever way the config gave it. */
export interface ClientKey {
  key: string;
  /** The operator's name for it, when given. */
  name?: string;
}

/** api_keys as {key, name?}: an entry may be the key alone (a string) or {"key", "name"}. */
export function clientKeys(config: Pick<Config, "api_keys">): ClientKey[] {
  return config.api_keys.map((entry) =>
    typeof entry === "string" || entry.name === undefined
      ? { key: typeof entry === "string" ? entry : entry.key }
      : { key: entry.key, name: entry.name },
  );
}

/** The keys alone, in their order: what a request's key is checked against. */
export function clientKeyStrings(config: Pick<Config, "api_keys">): string[] {
  return config.api_keys.map((entry) => (typeof entry === "string" ? entry : entry.key));
}
