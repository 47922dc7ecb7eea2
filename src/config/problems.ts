import type { z } from "zod";
import { ConfigError } from "./config-error.js";
import { configSchema, SECRET_KEYS } from "./schema.js";
import {
  describeAllowed,
  formatPath,
  objectKeys,
  recordKeySchema,
  schemaAt,
} from "./schema-introspection.js";

/** One thing wrong with the configuration: the key at fault and a sentence naming it and what is allowed. */
export interface ConfigProblem {
  key: string | undefined;
  message: string;
}

/** Where each value came from (`AGATE_PORT`, a file path, `the command line`), by key path. */
export class SourceMap {
  readonly #labels = new Map<string, string>();

  set(path: readonly PropertyKey[], label: string): void {
    this.#labels.set(pathKey(path), label);
  }

  /** The label of the longest recorded prefix of `path`. */
  labelFor(path: readonly PropertyKey[]): string {
    for (let length = path.length; length > 0; length--) {
      const label = this.#labels.get(pathKey(path.slice(0, length)));
      if (label !== undefined) return label;
    }
    return "the default";
  }
}

function pathKey(path: readonly PropertyKey[]): string {
  return JSON.stringify(path.map(String));
}

export function toConfigError(problems: readonly ConfigProblem[]): ConfigError {
  const [first] = problems;
  const message =
    problems.length === 1
      ? `Invalid configuration: ${first?.message}`
      : `Invalid configuration:\n${problems.map((problem) => `  - ${problem.message}`).join("\n")}`;
  return new ConfigError(message, first?.key);
}

export function isSecretPath(path: readonly PropertyKey[]): boolean {
  return path.some((segment) => typeof segment === "string" && SECRET_KEYS.has(segment));
}

/** A value shown in a message; secrets are described by their type only. */
export function showValue(value: unknown, path: readonly PropertyKey[]): string {
  if (isSecretPath(path)) return `${typeWord(value)} (not shown: it is a secret)`;
  if (typeof value === "string")
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  return typeWord(value);
}

/** The value as `showValue` shows it, except that a secret of the wrong length says which way it is wrong. */
function shownFor(issue: z.core.$ZodIssue, value: unknown, path: readonly PropertyKey[]): string {
  if (typeof value === "string" && isSecretPath(path)) {
    if (issue.code === "too_small") return "a shorter string (not shown: it is a secret)";
    if (issue.code === "too_big") return "a longer string (not shown: it is a secret)";
  }
  return showValue(value, path);
}

function typeWord(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

/** Turns zod's issues about `input` into problems that name the key, what is allowed and the source. */
export function problemsFromIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  sources: SourceMap,
): ConfigProblem[] {
  return issues.flatMap((issue) => problemsFromIssue(issue, input, sources));
}

function problemsFromIssue(issue: z.core.$ZodIssue, input: unknown, sources: SourceMap): ConfigProblem[] {
  const path = issue.path;
  const where = formatPath(path);
  if (issue.code === "unrecognized_keys") {
    const allowed = objectKeys(schemaAt(configSchema, path, input)).join(", ");
    return issue.keys.map((key) => ({
      key: formatPath([...path, key]),
      message: `${where === "" ? "" : `${where}: `}unknown key ${JSON.stringify(key)} (from ${sources.labelFor([...path, key])}); allowed keys: ${allowed}`,
    }));
  }
  const source = sources.labelFor(path);
  if (issue.code === "invalid_key") {
    const parent = path.slice(0, -1);
    const keySchema = recordKeySchema(schemaAt(configSchema, parent, input));
    const allowed = keySchema === undefined ? issue.message : describeAllowed(keySchema);
    return [
      {
        key: where,
        message: `${formatPath(parent)}: the name ${JSON.stringify(String(path.at(-1)))} is not allowed; expected ${allowed} (from ${source})`,
      },
    ];
  }
  if (issue.code === "invalid_union") {
    // A plain union (an api_keys entry: a string or an object): the option of the value's own type says
    // what is wrong inside it (`api_keys[0].key: missing`), rather than "expected one or the other".
    const branch = issue.errors.find(
      (errors) =>
        errors.length > 0 &&
        !errors.some((inner) => inner.code === "invalid_type" && inner.path.length === 0),
    );
    if (branch !== undefined)
      return branch.flatMap((inner) =>
        problemsFromIssue({ ...inner, path: [...path, ...inner.path] }, input, sources),
      );
  }
  if (issue.code === "custom") {
    return [{ key: where === "" ? undefined : where, message: issue.message }];
  }
  const schema = schemaAt(configSchema, path, input);
  const allowed = schema === undefined ? issue.message : describeAllowed(schema);
  const value = valueAt(input, path);
  const label = where === "" ? "configuration" : where;
  const message =
    value === undefined
      ? `${label}: missing; expected ${allowed} (from ${source})`
      : `${label}: expected ${allowed}, got ${shownFor(issue, value, path)} (from ${source})`;
  return [{ key: where === "" ? undefined : where, message }];
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const segment of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}
