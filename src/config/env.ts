import type { z } from "zod";
import type { ConfigProblem } from "./problems.js";
import { showValue } from "./problems.js";
import {
  describeAllowed,
  kindOf,
  listElement,
  topLevelEntries,
  type ValueKind,
} from "./schema-introspection.js";

/**
 * Reads `AGATE_<KEY>` variables for every key of the schema, converting each by the kind of value the
 * schema expects: numbers, booleans (true/false/1/0/yes/no), lists (comma-separated or a JSON array),
 * objects (JSON). A new key in the schema is read from the environment with no change here.
 */

export const ENV_PREFIX = "AGATE_";

export function envNameFor(key: string): string {
  return `${ENV_PREFIX}${key.toUpperCase()}`;
}

export interface EnvValues {
  values: Map<string, unknown>;
  problems: ConfigProblem[];
}

export function readEnvValues(env: Readonly<Record<string, string | undefined>>): EnvValues {
  const values = new Map<string, unknown>();
  const problems: ConfigProblem[] = [];
  for (const [key, schema] of topLevelEntries()) {
    const name = envNameFor(key);
    const raw = env[name];
    if (raw === undefined || raw.trim() === "") continue;
    const parsed = parseEnvValue(raw, schema);
    if (parsed.ok) {
      values.set(key, parsed.value);
      continue;
    }
    const got = parsed.notJson ? "text that is not valid JSON" : showValue(raw, [key]);
    problems.push({
      key,
      message: `${key}: expected ${describeAllowed(schema)}${envFormatHint(schema)}, got ${got} (from ${name})`,
    });
  }
  return { values, problems };
}

type Parsed = { ok: true; value: unknown } | { ok: false; notJson: boolean };

const SCALAR_KINDS: ReadonlySet<ValueKind> = new Set([
  "integer",
  "number",
  "boolean",
  "string",
  "enum",
  "other",
]);
const BOOLEAN_WORDS: Readonly<Record<string, boolean>> = {
  true: true,
  false: false,
  "1": true,
  "0": false,
  yes: true,
  no: false,
};
const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Converts one variable's text to the value the schema expects; validation proper is left to the schema. */
export function parseEnvValue(raw: string, schema: z.ZodType): Parsed {
  const text = raw.trim();
  switch (kindOf(schema)) {
    case "integer":
    case "number":
      return NUMBER_PATTERN.test(text) ? { ok: true, value: Number(text) } : { ok: false, notJson: false };
    case "boolean": {
      const value = BOOLEAN_WORDS[text.toLowerCase()];
      return value === undefined ? { ok: false, notJson: false } : { ok: true, value };
    }
    case "list":
      return parseList(text, listElement(schema));
    case "map":
    case "object":
      return parseJson(text);
    default:
      return { ok: true, value: text };
  }
}

function parseList(text: string, element: z.ZodType | undefined): Parsed {
  if (element === undefined || !SCALAR_KINDS.has(kindOf(element)) || text.startsWith("["))
    return parseJson(text);
  const items: unknown[] = [];
  for (const item of text.split(",")) {
    if (item.trim() === "") continue;
    const parsed = parseEnvValue(item, element);
    if (!parsed.ok) return parsed;
    items.push(parsed.value);
  }
  return { ok: true, value: items };
}

function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, notJson: true };
  }
}

function envFormatHint(schema: z.ZodType): string {
  switch (kindOf(schema)) {
    case "boolean":
      return " (in the environment: true/false, yes/no or 1/0)";
    case "list": {
      const element = listElement(schema);
      return element !== undefined && SCALAR_KINDS.has(kindOf(element))
        ? " (in the environment: comma-separated, or a JSON array)"
        : " (in the environment: a JSON array)";
    }
    case "map":
    case "object":
      return " (in the environment: a JSON object)";
    default:
      return "";
  }
}
