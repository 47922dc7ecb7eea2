import { isObject } from "./http-io.js";

/**
 * What the simulator answers in JSON mode (`responseMimeType: "application/json"`): like Gemini, a JSON text
 * that fits the schema it was given, `responseSchema` (the OpenAPI subset, types in upper or lower case) or
 * `responseJsonSchema` (plain JSON Schema). Deterministic: the first string in it says what the user said,
 * the others their property's name; numbers are their minimum or 1, arrays hold one item (or their
 * minimum), an enum its first value. With no schema, `{"text": ...}` holding the echo.
 */
export function jsonAnswer(schema: unknown, said: string, echo: string): string {
  if (!isObject(schema)) return JSON.stringify({ text: echo });
  return JSON.stringify(schemaSample(schema, said));
}

/** A value that fits `schema`, made as jsonAnswer makes its JSON (also a forced call's arguments). */
export function schemaSample(schema: Record<string, unknown>, said: string): unknown {
  return valueFor(schema, "text", { said, saidUsed: false, depth: 0 }) ?? null;
}

type Schema = Record<string, unknown>;
interface State {
  said: string;
  saidUsed: boolean;
  depth: number;
}

/** What a `format: "date-time"` string holds (RFC 3339, UTC, as Gemini writes them). */
const SAMPLE_DATE_TIME = "2025-01-01T00:00:00Z";

/** Deep enough for real schemas; past it a value is left null (Gemini caps nesting too). */
const MAX_DEPTH = 12;

function valueFor(schema: Schema, name: string, state: State): unknown {
  if (state.depth > MAX_DEPTH) return null;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if ("const" in schema) return schema.const;
  const branch = [schema.anyOf, schema.oneOf].find(Array.isArray)?.find(isObject);
  if (branch !== undefined) return valueFor(branch, name, state);
  switch (typeOf(schema)) {
    case "object":
      return objectFor(schema, state);
    case "array":
      return arrayFor(schema, name, state);
    case "string":
      return schema.format === "date-time" ? SAMPLE_DATE_TIME : stringFor(name, state);
    case "integer":
      return Math.ceil(lowest(schema));
    case "number":
      return lowest(schema);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return isObject(schema.properties) ? objectFor(schema, state) : stringFor(name, state);
  }
}

function objectFor(schema: Schema, state: State): Record<string, unknown> {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const order = Array.isArray(schema.propertyOrdering) ? schema.propertyOrdering : Object.keys(properties);
  const object: Record<string, unknown> = {};
  state.depth += 1;
  for (const key of order) {
    const property = typeof key === "string" ? properties[key] : undefined;
    if (isObject(property)) object[key as string] = valueFor(property, key as string, state);
  }
  state.depth -= 1;
  return object;
}

function arrayFor(schema: Schema, name: string, state: State): unknown[] {
  const items = isObject(schema.items) ? schema.items : { type: "string" };
  const count = Math.min(3, Math.max(1, numberOr(schema.minItems, 1)));
  state.depth += 1;
  const array = Array.from({ length: count }, () => valueFor(items, name, state));
  state.depth -= 1;
  return array;
}

function stringFor(name: string, state: State): string {
  if (state.saidUsed) return name;
  state.saidUsed = true;
  return state.said;
}

/** The schema's type, lower case; the first but "null" of a JSON Schema type list. */
function typeOf(schema: Schema): string | undefined {
  const type = Array.isArray(schema.type) ? schema.type.find((entry) => entry !== "null") : schema.type;
  return typeof type === "string" ? type.toLowerCase() : undefined;
}

/** A number's minimum, else 1 (or its maximum, when below 1). */
const lowest = (schema: Schema): number => numberOr(schema.minimum, Math.min(1, numberOr(schema.maximum, 1)));

const numberOr = (value: unknown, fallback: number): number =>
  typeof value === "number" && Number.isFinite(value) ? value : fallback;
