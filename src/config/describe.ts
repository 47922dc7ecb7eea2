import { envNameFor } from "./env.js";
import { defaultOf, lengthRule, topLevelEntries, typeName } from "./schema-introspection.js";

export interface ConfigKeyDescription {
  key: string;
  type: string;
  /** The default as JSON, or "" when the key has none in the schema (its description says what applies). */
  default: string;
  env: string;
  description: string;
}

/** Every top-level key of the schema, in declaration order: for `agate config print --keys` and the README. */
export function describeConfig(): ConfigKeyDescription[] {
  return topLevelEntries().map(([key, schema]) => {
    const fallback = defaultOf(schema);
    return {
      key,
      type: typeName(schema),
      default: fallback === undefined ? "" : JSON.stringify(fallback),
      env: envNameFor(key),
      description: withLengthRule(schema.description ?? "", lengthRule(schema)),
    };
  });
}

/** The schema's length limit said after the description, so that the table cannot drift from the check. */
function withLengthRule(description: string, rule: string | undefined): string {
  if (rule === undefined) return description;
  const sentence = `${rule.charAt(0).toUpperCase()}${rule.slice(1)}.`;
  return description === "" ? sentence : `${description} ${sentence}`;
}

/** Longer defaults (the alias table) are summarised in the Markdown table; the description says what they are. */
const LONGEST_DEFAULT_SHOWN = 40;

/** The Markdown table of the configuration: Key | Default | Env | Description. */
export function renderConfigTable(): string {
  const rows = describeConfig().map((entry) =>
    [code(entry.key), code(shortDefault(entry.default)), code(entry.env), entry.description]
      .map(cell)
      .join(" | "),
  );
  return [
    "| Key | Default | Env | Description |",
    "|---|---|---|---|",
    ...rows.map((row) => `| ${row} |`),
  ].join("\n");
}

function shortDefault(json: string): string {
  if (json.length <= LONGEST_DEFAULT_SHOWN) return json;
  const value: unknown = JSON.parse(json);
  if (Array.isArray(value)) return `[${value.length} items]`;
  if (typeof value === "object" && value !== null) return `{${Object.keys(value).length} entries}`;
  return `${json.slice(0, LONGEST_DEFAULT_SHOWN - 3)}...`;
}

function code(text: string): string {
  return text === "" ? "" : `\`${text}\``;
}

function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}
