import type { Config } from "./schema.js";

/** One of api_keys, whichever way the config gave it. */
export interface ClientKey {
  key: string;
  /** The operator's name for it, when given. */
  name?: string;
}

/** An api_keys entry as written: the key alone (a string), or {"key", "name"?}. */
export type ClientKeyEntry = string | { key: string; name?: string | undefined };

/** An entry as {key, name?}: the one place the two ways of writing a key are told apart. */
export function clientKeyOf(entry: ClientKeyEntry): ClientKey {
  if (typeof entry === "string") return { key: entry };
  return entry.name === undefined ? { key: entry.key } : { key: entry.key, name: entry.name };
}

/** api_keys as {key, name?}, in their order. */
export function clientKeys(config: Pick<Config, "api_keys">): ClientKey[] {
  return config.api_keys.map(clientKeyOf);
}

/** The keys alone, in their order: what a request's key is checked against. */
export function clientKeyStrings(config: Pick<Config, "api_keys">): string[] {
  return clientKeys(config).map((entry) => entry.key);
}
