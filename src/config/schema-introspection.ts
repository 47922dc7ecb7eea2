import { z } from "zod";
import { configSchema } from "./schema.js";

/**
 * Reads the zod schema's own definitions (types, checks, defaults, descriptions) so that env parsing,
 * error messages and the README table all follow the schema without a hand-written list of keys.
 */

export type ValueKind =
  | "integer"
  | "number"
  | "boolean"
  | "string"
  | "enum"
  | "list"
  | "map"
  | "object"
  | "other";

/** Strips the default/optional/nullable wrappers around a value's schema. */
export function unwrapSchema(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (
    current instanceof z.ZodDefault ||
    current instanceof z.ZodOptional ||
    current instanceof z.ZodNullable
  ) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

export function kindOf(schema: z.ZodType): ValueKind {
  const inner = unwrapSchema(schema);
  if (inner instanceof z.ZodNumber) return inner.isInt ? "integer" : "number";
  if (inner instanceof z.ZodBoolean) return "boolean";
  if (inner instanceof z.ZodEnum || inner instanceof z.ZodLiteral) return "enum";
  if (inner instanceof z.ZodArray) return "list";
  if (inner instanceof z.ZodRecord) return "map";
  // A discriminated union (the account kinds) is a union of objects: written as JSON, as an object is.
  if (inner instanceof z.ZodObject || inner instanceof z.ZodDiscriminatedUnion) return "object";
  if (inner.def.type === "string") return "string";
  return "other";
}

/** The schema of each top-level key, in declaration order. */
export function topLevelEntries(): Array<[string, z.ZodType]> {
  return Object.entries(configSchema.shape);
}

/**
 * The schema that governs the value at `path` inside `root`, or undefined when the path leaves the schema.
 * A discriminated union (the account kinds) resolves to the option `input` names at that place.
 */
export function schemaAt(
  root: z.ZodType,
  path: readonly PropertyKey[],
  input?: unknown,
): z.ZodType | undefined {
  let current: z.ZodType | undefined = root;
  let value = input;
  for (const segment of path) {
    if (current === undefined) return undefined;
    const inner = resolveUnion(unwrapSchema(current), value);
    if (inner instanceof z.ZodDiscriminatedUnion && segment === inner.def.discriminator) {
      return z.enum(discriminatorValues(inner));
    }
    if (inner instanceof z.ZodObject) current = (inner.shape as Record<string, z.ZodType>)[String(segment)];
    else if (inner instanceof z.ZodArray) current = inner.element as z.ZodType;
    else if (inner instanceof z.ZodRecord) current = inner.valueType as z.ZodType;
    else if (inner instanceof z.ZodDiscriminatedUnion) current = firstOptionWith(inner, String(segment));
    else return undefined;
    value =
      typeof value === "object" && value !== null
        ? (value as Record<PropertyKey, unknown>)[segment]
        : undefined;
  }
  return current === undefined ? undefined : resolveUnion(current, value);
}

/**
 * The option of a discriminated union that `value` selects, or of a plain union the object option for an
 * object (an api_keys entry); the union itself when it selects none.
 */
function resolveUnion(schema: z.ZodType, value: unknown): z.ZodType {
  const inner = unwrapSchema(schema);
  if (typeof value !== "object" || value === null) return schema;
  if (inner instanceof z.ZodUnion && !(inner instanceof z.ZodDiscriminatedUnion))
    return (inner.options as z.ZodType[]).find((option) => option instanceof z.ZodObject) ?? schema;
  if (!(inner instanceof z.ZodDiscriminatedUnion)) return schema;
  const chosen = (value as Record<string, unknown>)[inner.def.discriminator];
  const options = inner.options as z.ZodType[];
  return options.find((option) => objectKeyValue(option, inner.def.discriminator) === chosen) ?? schema;
}

function objectKeyValue(option: z.ZodType, key: string): unknown {
  const field = option instanceof z.ZodObject ? (option.shape as Record<string, z.ZodType>)[key] : undefined;
  return field instanceof z.ZodLiteral ? field.value : undefined;
}

function discriminatorValues(union: z.ZodDiscriminatedUnion): [string, ...string[]] {
  const values = (union.options as z.ZodType[])
    .map((option) => objectKeyValue(option, union.def.discriminator))
    .filter((value): value is string => typeof value === "string");
  return values as [string, ...string[]];
}

function firstOptionWith(union: z.ZodDiscriminatedUnion, key: string): z.ZodType | undefined {
  for (const option of union.options as z.ZodType[]) {
    const field =
      option instanceof z.ZodObject ? (option.shape as Record<string, z.ZodType>)[key] : undefined;
    if (field !== undefined) return field;
  }
  return undefined;
}

/** The keys an object schema allows, or [] when the schema is not an object. */
export function objectKeys(schema: z.ZodType | undefined): string[] {
  const inner = schema === undefined ? undefined : unwrapSchema(schema);
  return inner instanceof z.ZodObject ? Object.keys(inner.shape) : [];
}

/** The schema of a list's items, or undefined when the schema is not a list. */
export function listElement(schema: z.ZodType): z.ZodType | undefined {
  const inner = unwrapSchema(schema);
  return inner instanceof z.ZodArray ? (inner.element as z.ZodType) : undefined;
}

/** The schema of a record's names, or undefined when the schema is not a record. */
export function recordKeySchema(schema: z.ZodType | undefined): z.ZodType | undefined {
  const inner = schema === undefined ? undefined : unwrapSchema(schema);
  return inner instanceof z.ZodRecord ? (inner.keyType as z.ZodType) : undefined;
}

/** The default the schema applies when the key is absent, or undefined when it has none. */
export function defaultOf(schema: z.ZodType): unknown {
  let current = schema;
  while (
    current instanceof z.ZodOptional ||
    current instanceof z.ZodNullable ||
    current instanceof z.ZodDefault
  ) {
    if (current instanceof z.ZodDefault) return current.def.defaultValue;
    current = current.unwrap() as z.ZodType;
  }
  return undefined;
}

/** What a value must look like, for a person: "an integer from 0 to 65535", "one of \"off\", \"auto\"". */
export function describeAllowed(schema: z.ZodType): string {
  const inner = unwrapSchema(schema);
  if (inner instanceof z.ZodNumber) return describeNumber(inner);
  if (inner instanceof z.ZodBoolean) return "true or false";
  if (inner instanceof z.ZodEnum) return oneOf(inner.options);
  if (inner instanceof z.ZodLiteral) return oneOf([...inner.values]);
  if (inner instanceof z.ZodArray) return `a list (each item ${describeAllowed(inner.element as z.ZodType)})`;
  if (inner instanceof z.ZodRecord) {
    const key = describeAllowed(inner.keyType as z.ZodType);
    const value = describeAllowed(inner.valueType as z.ZodType);
    return `an object mapping names to values (each name ${key}, each value ${value})`;
  }
  if (inner instanceof z.ZodObject) return `an object with the keys ${Object.keys(inner.shape).join(", ")}`;
  if (inner instanceof z.ZodDiscriminatedUnion)
    return `an object whose ${inner.def.discriminator} is ${oneOf(discriminatorValues(inner))}`;
  if (inner instanceof z.ZodUnion)
    return (inner.options as z.ZodType[]).map((option) => describeAllowed(option)).join(", or ");
  if (inner instanceof z.ZodStringFormat) return describeStringFormat(inner);
  if (inner instanceof z.ZodString) {
    const length = lengthRule(inner);
    if (length !== undefined) return `a string of ${length}`;
    return inner.minLength !== null && inner.minLength > 0 ? "a non-empty string" : "a string";
  }
  return "a valid value";
}

/**
 * A string's length limits beyond "not empty", for a person: "at least 16 characters", "at most 64
 * characters", "16 to 64 characters"; undefined when it has none (or the schema is not a string).
 */
export function lengthRule(schema: z.ZodType): string | undefined {
  const inner = unwrapSchema(schema);
  if (!(inner instanceof z.ZodString)) return undefined;
  const least = inner.minLength ?? 0;
  const most = inner.maxLength;
  if (most !== null) return least > 1 ? `${least} to ${most} characters` : `at most ${most} characters`;
  return least > 1 ? `at least ${least} characters` : undefined;
}

function oneOf(values: ReadonlyArray<unknown>): string {
  const shown = values.map((value) => JSON.stringify(value));
  return shown.length === 1 ? (shown[0] ?? "") : `one of ${shown.join(", ")}`;
}

interface Bound {
  value: number;
  inclusive: boolean;
}

function describeNumber(schema: z.ZodNumber): string {
  const noun = schema.isInt ? "an integer" : "a number";
  let lower: Bound | undefined;
  let upper: Bound | undefined;
  for (const check of schema.def.checks ?? []) {
    const definition = check._zod.def as { check: string; value?: unknown; inclusive?: boolean };
    if (typeof definition.value !== "number") continue;
    const bound = { value: definition.value, inclusive: definition.inclusive === true };
    if (definition.check === "greater_than") lower = bound;
    if (definition.check === "less_than") upper = bound;
  }
  if (lower?.inclusive && upper?.inclusive) return `${noun} from ${lower.value} to ${upper.value}`;
  const limits: string[] = [];
  if (lower) limits.push(`${lower.inclusive ? "at least" : "greater than"} ${lower.value}`);
  if (upper) limits.push(`${upper.inclusive ? "at most" : "less than"} ${upper.value}`);
  return limits.length === 0 ? noun : `${noun} that is ${limits.join(" and ")}`;
}

const COMMON_URL_SCHEMES = ["http", "https", "ws", "wss", "ftp", "file"];

function describeStringFormat(schema: z.ZodStringFormat): string {
  const definition = schema.def as { format: string; protocol?: RegExp };
  if (definition.format !== "url") return `a string in the ${definition.format} format`;
  if (!(definition.protocol instanceof RegExp)) return "a URL";
  const protocol = definition.protocol;
  const schemes = COMMON_URL_SCHEMES.filter((scheme) => protocol.test(scheme));
  return schemes.length > 0
    ? `an ${schemes.join(" or ")} URL`
    : `a URL whose scheme matches ${protocol.source}`;
}

/** A short type name for tables: `integer`, `boolean`, `"off" | "auto"`, `string[]`, `Record<string, string>`. */
export function typeName(schema: z.ZodType): string {
  const inner = unwrapSchema(schema);
  if (inner instanceof z.ZodEnum) return inner.options.map((value) => JSON.stringify(value)).join(" | ");
  if (inner instanceof z.ZodLiteral)
    return [...inner.values].map((value) => JSON.stringify(value)).join(" | ");
  if (inner instanceof z.ZodArray) {
    const element = typeName(inner.element as z.ZodType);
    return element.includes(" | ") ? `(${element})[]` : `${element}[]`;
  }
  if (inner instanceof z.ZodUnion)
    return (inner.options as z.ZodType[]).map((option) => typeName(option)).join(" | ");
  if (inner instanceof z.ZodRecord) {
    return `Record<${typeName(inner.keyType as z.ZodType)}, ${typeName(inner.valueType as z.ZodType)}>`;
  }
  if (inner instanceof z.ZodStringFormat) return (inner.def as { format: string }).format;
  const kind = kindOf(inner);
  return kind === "other" ? inner.def.type : kind;
}

/** `accounts[0].api_key`, `model_mapping["gpt-4o-*"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (typeof segment === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) {
      text += text === "" ? segment : `.${segment}`;
    } else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}
