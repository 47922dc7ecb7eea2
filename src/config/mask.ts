import { SECRET_KEYS } from "./schema.js";

const MASK = "****";
/** Below this length, even the last four characters would say too much about a secret. */
const SHORTEST_SECRET_WITH_HINT = 16;

/**
 * A copy of `config` with every secret (a key in SECRET_KEYS, at any depth, or each item of a list under
 * one) replaced by `****`, or `****` plus the last four characters when the secret is long enough that
 * they do not help guess it. For `agate config print` and logs.
 */
export function maskSecrets(config: unknown): unknown {
  return copyMasked(config, false);
}

function copyMasked(value: unknown, secret: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => copyMasked(item, secret));
  if (secret && isNamedSecret(value)) return { key: maskValue(value.key), name: value.name };
  if (secret) return maskValue(value);
  if (typeof value !== "object" || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    Object.defineProperty(copy, key, {
      value: copyMasked(child, SECRET_KEYS.has(key)),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

/** The mask for one secret value; anything but a long string is masked whole. */
export function maskValue(value: unknown): string {
  if (typeof value === "string" && value.length >= SHORTEST_SECRET_WITH_HINT)
    return `${MASK}${value.slice(-4)}`;
  return MASK;
}

/** A secret with the name it goes by (an api_keys entry `{"key", "name"}`): the name is no secret. */
function isNamedSecret(value: unknown): value is { key: unknown; name: string } {
  if (typeof value !== "object" || value === null) return false;
  const fields = Object.keys(value);
  return (
    fields.length === 2 && fields.includes("key") && typeof (value as { name?: unknown }).name === "string"
  );
}
