/**
 * JSON Schema (as OpenAI clients send it in `tools[].function.parameters` and
 * `response_format.json_schema.schema`) → the OpenAPI 3.0 subset Gemini accepts as
 * `functionDeclarations[].parameters` and `generationConfig.responseSchema`.
 *
 * Pure: the input is only read, never mutated; odd input never throws (best effort, or undefined).
 *
 * Choices:
 * - Local `$ref`s (`#`, `#/$defs/…`, `#/definitions/…`, any JSON pointer, nested defs) are inlined; sibling
 *   keywords of a `$ref` override the target's. A `#/$defs/X` that does not resolve from the root is looked up
 *   in `$defs`/`definitions` nested anywhere in the document. Unresolvable refs leave only their siblings.
 * - A `$ref` met for the {@link MAX_REF_REPEATS}th time on one path (a cycle) is cut to a stub `{type}`
 *   (`object` unless the target says otherwise). Nesting beyond {@link MAX_DEPTH} levels and documents
 *   expanding to more than {@link MAX_NODES} nodes are cut the same way.
 * - Enums: Gemini only takes string enums. An all-string enum (or string `const`) becomes `enum` with type
 *   `string`. A non-string enum/const is dropped (its type is kept or inferred from the values, so the model
 *   still produces e.g. numbers the client can validate) and its values are appended to `description`.
 *   `null` among the values means `nullable`.
 * - `type: [a, b]` with several non-null types becomes `anyOf: [{type: a, …}, {type: b, …}]`.
 * - `anyOf`/`oneOf`: null branches turn into `nullable: true`; a single remaining branch is merged into the
 *   node; several stay `anyOf` (dropped when one branch is unconstrained, as the union then means "anything").
 * - `allOf` is merged: properties and required unioned (a property in several branches is merged in turn),
 *   every other keyword taken from the first branch that has it.
 * - Gemini rejects `type: array` without `items`, so such arrays get `items: {}`; tuples become `items` of the
 *   single element or `anyOf` of the elements.
 * - `exclusiveMinimum`/`exclusiveMaximum` (numeric form) stand in for a missing `minimum`/`maximum`.
 */

import { objectRootOf } from "./root-union.js";

type JsonObject = Record<string, unknown>;
type GeminiType = "string" | "number" | "integer" | "boolean" | "array" | "object";

/** Deepest schema nesting emitted; deeper schemas are cut to a stub. */
export const MAX_DEPTH = 64;
/** How often one `$ref` may be expanded on a single path before it is cut (cycle guard). */
export const MAX_REF_REPEATS = 3;
/** Upper bound on schema nodes visited per conversion (guards against exponential `$ref` fan-out). */
export const MAX_NODES = 20_000;

const GEMINI_TYPES: ReadonlySet<string> = new Set([
  "string",
  "number",
  "integer",
  "boolean",
  "array",
  "object",
]);
const ALLOWED_FORMATS: Readonly<Partial<Record<GeminiType, ReadonlySet<string>>>> = {
  string: new Set(["enum", "date-time"]),
  number: new Set(["float", "double"]),
  integer: new Set(["int32", "int64"]),
};

interface Context {
  readonly root: JsonObject;
  nodes: number;
  nestedDefs?: Map<string, unknown>;
}

/** Converts any schema position; `{type: "object"}` without properties is kept as it is. */
export function convertJsonSchemaForGemini(schema: unknown): Record<string, unknown> | undefined {
  if (!isObject(schema)) return undefined;
  try {
    return convertNode(schema, { root: schema, nodes: 0 }, 0, [], false);
  } catch {
    return undefined;
  }
}

/**
 * Top-level `parameters` of a function declaration: undefined when the tool takes no arguments
 * (Gemini rejects an object with empty `properties`), so the caller omits `parameters`. A root union of
 * object schemas becomes one object schema (root-union.ts): Gemini wants an object there.
 */
export function convertToolParameters(schema: unknown): Record<string, unknown> | undefined {
  const out = convertResponseSchema(schema);
  return out === undefined ? undefined : objectRootOf(out);
}

/**
 * `responseSchema` for `response_format: json_schema`: undefined for an object without properties, as
 * {@link convertToolParameters}, meaning "send `responseMimeType: application/json` without a schema"; a
 * root union stays one (Gemini's responseSchema takes `anyOf`).
 */
export function convertResponseSchema(schema: unknown): Record<string, unknown> | undefined {
  const out = convertJsonSchemaForGemini(schema);
  return out === undefined || isEmptyObjectSchema(out) ? undefined : out;
}

function isEmptyObjectSchema(s: JsonObject): boolean {
  const keys = Object.keys(s).filter((k) => k !== "description" && k !== "title");
  return keys.length === 0 || (keys.length === 1 && s.type === "object");
}

// ---------------------------------------------------------------------------------------------------------

function convertNode(
  input: unknown,
  ctx: Context,
  depth: number,
  refPath: readonly string[],
  nullableFromParent: boolean,
): JsonObject | undefined {
  if (input === true) return nullableFromParent ? { nullable: true } : {};
  if (!isObject(input)) return undefined;
  ctx.nodes += 1;
  if (depth > MAX_DEPTH || ctx.nodes > MAX_NODES) return stub(input, nullableFromParent);

  const flat = flatten(input, ctx, depth, refPath);
  if (flat.cut) return nullableFromParent ? { ...flat.schema, nullable: true } : flat.schema;
  const schema = flat.schema;
  const path = flat.refPath;
  let nullable = nullableFromParent || schema.nullable === true;

  // anyOf / oneOf (oneOf is treated as anyOf: Gemini has no exclusive union).
  const branches = [...asArray(schema.anyOf), ...asArray(schema.oneOf)].filter(
    (b) => b === true || isObject(b),
  );
  let anyOf: JsonObject[] | undefined;
  if (branches.length > 0) {
    const rest = omit(schema, ["anyOf", "oneOf"]);
    const nonNull = branches.filter((b) => !isNullSchema(b));
    if (nonNull.length < branches.length) nullable = true;
    const single = nonNull[0];
    if (nonNull.length === 1 && single !== undefined) {
      // The union is really "this branch (or null)": fold it into the node and convert again.
      return convertNode(mergeAll([rest, isObject(single) ? single : {}]), ctx, depth + 1, path, nullable);
    }
    if (nonNull.length > 1) {
      const converted = nonNull.map((b) => convertNode(b, ctx, depth + 1, path, false));
      const defined = converted.filter((c): c is JsonObject => c !== undefined);
      if (defined.length > 0 && !defined.some((c) => Object.keys(c).length === 0)) anyOf = defined;
    }
  }

  // Enum / const values.
  let values: unknown[] | undefined;
  if (Array.isArray(schema.enum)) values = schema.enum;
  else if (Object.hasOwn(schema, "const")) values = [schema.const];
  if (values?.includes(null)) nullable = true;
  const nonNullValues = values?.filter((v) => v !== null) ?? [];
  const stringEnum =
    nonNullValues.length > 0 && nonNullValues.every((v) => typeof v === "string")
      ? [...new Set(nonNullValues as string[])]
      : undefined;

  // Types.
  const types: GeminiType[] = [];
  for (const t of Array.isArray(schema.type) ? schema.type : [schema.type]) {
    if (typeof t !== "string") continue;
    const lower = t.toLowerCase();
    if (lower === "null") nullable = true;
    else if (GEMINI_TYPES.has(lower) && !types.includes(lower as GeminiType)) types.push(lower as GeminiType);
  }
  if (types.length === 0 && anyOf === undefined) {
    const inferred = inferType(schema, nonNullValues);
    if (inferred !== undefined) types.push(inferred);
  }

  const out: JsonObject = {};
  if (typeof schema.title === "string") out.title = schema.title;
  let description = typeof schema.description === "string" ? schema.description : undefined;
  const enumEmitted = stringEnum !== undefined && types.includes("string");
  if (nonNullValues.length > 0 && !enumEmitted) {
    const note = `Allowed values: ${nonNullValues.map((v) => JSON.stringify(v) ?? String(v)).join(", ")}`;
    description = description === undefined ? note : `${description}\n${note}`;
  }
  if (description !== undefined) out.description = description;

  const typed = (t: GeminiType): JsonObject => typedKeywords(schema, t, stringEnum, ctx, depth, path);
  const first = types[0];
  if (types.length === 1 && first !== undefined) Object.assign(out, typed(first));
  if (anyOf !== undefined) out.anyOf = anyOf;
  else if (types.length > 1) out.anyOf = types.map(typed);
  if (nullable) out.nullable = true;
  return out;
}

/** Keywords that apply to one Gemini type, `type` first. */
function typedKeywords(
  schema: JsonObject,
  type: GeminiType,
  stringEnum: string[] | undefined,
  ctx: Context,
  depth: number,
  path: readonly string[],
): JsonObject {
  const out: JsonObject = { type };
  const format = schema.format;
  if (typeof format === "string" && ALLOWED_FORMATS[type]?.has(format)) out.format = format;
  switch (type) {
    case "string":
      if (stringEnum !== undefined) out.enum = stringEnum;
      copyCount(schema, out, "minLength");
      copyCount(schema, out, "maxLength");
      if (typeof schema.pattern === "string") out.pattern = schema.pattern;
      break;
    case "number":
    case "integer":
      copyNumber(schema, out, "minimum", "exclusiveMinimum");
      copyNumber(schema, out, "maximum", "exclusiveMaximum");
      break;
    case "array": {
      out.items = convertItems(schema, ctx, depth, path);
      copyCount(schema, out, "minItems");
      copyCount(schema, out, "maxItems");
      break;
    }
    case "object": {
      const entries: [string, JsonObject][] = [];
      if (isObject(schema.properties)) {
        for (const [name, sub] of Object.entries(schema.properties)) {
          const converted = convertNode(sub, ctx, depth + 1, path, false);
          if (converted !== undefined) entries.push([name, converted]);
        }
      }
      if (entries.length > 0) {
        // fromEntries defines own properties, so a property named "__proto__" stays a property.
        out.properties = Object.fromEntries(entries);
        const names = new Set(entries.map(([name]) => name));
        const required = [...new Set(asArray(schema.required))].filter(
          (r): r is string => typeof r === "string" && names.has(r),
        );
        if (required.length > 0) out.required = required;
      }
      break;
    }
    case "boolean":
      break;
  }
  return out;
}

function convertItems(schema: JsonObject, ctx: Context, depth: number, path: readonly string[]): JsonObject {
  let source: unknown = schema.items;
  if (source === undefined || (Array.isArray(source) && source.length === 0)) source = schema.prefixItems;
  if (Array.isArray(source)) {
    const converted = source
      .map((s) => convertNode(s, ctx, depth + 1, path, false))
      .filter((c): c is JsonObject => c !== undefined);
    const only = converted[0];
    if (converted.length === 1 && only !== undefined) return only;
    if (converted.length > 1 && !converted.some((c) => Object.keys(c).length === 0))
      return { anyOf: converted };
    return {};
  }
  return convertNode(source, ctx, depth + 1, path, false) ?? {};
}

function inferType(schema: JsonObject, values: readonly unknown[]): GeminiType | undefined {
  if (isObject(schema.properties)) return "object";
  if (schema.items !== undefined || schema.prefixItems !== undefined) return "array";
  if (values.length > 0) {
    if (values.every((v) => typeof v === "string")) return "string";
    if (values.every((v) => typeof v === "boolean")) return "boolean";
    if (values.every((v) => Number.isInteger(v))) return "integer";
    if (values.every((v) => typeof v === "number")) return "number";
    return undefined;
  }
  if (["minLength", "maxLength", "pattern"].some((k) => schema[k] !== undefined)) return "string";
  if (["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"].some((k) => schema[k] !== undefined)) {
    return "number";
  }
  if (["minItems", "maxItems"].some((k) => schema[k] !== undefined)) return "array";
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// $ref resolution and allOf merging, on raw JSON Schema.

interface Flat {
  schema: JsonObject;
  refPath: readonly string[];
  /** true when `schema` is already a final stub (cycle or budget cut). */
  cut: boolean;
}

/** Returns the node with `$ref` inlined and `allOf` merged (at its top level only). */
function flatten(node: JsonObject, ctx: Context, depth: number, refPath: readonly string[]): Flat {
  let current = node;
  let path = refPath;
  while (typeof current.$ref === "string") {
    const ref = current.$ref;
    const target = resolveRef(ctx, ref);
    if (path.filter((r) => r === ref).length >= MAX_REF_REPEATS) {
      return { schema: stub(isObject(target) ? target : current), refPath: path, cut: true };
    }
    path = [...path, ref];
    const siblings = omit(current, ["$ref"]);
    current = isObject(target) ? mergeAll([siblings, target]) : siblings;
  }

  if (Array.isArray(current.allOf)) {
    if (depth > MAX_DEPTH) return { schema: stub(current), refPath: path, cut: true };
    const parts: JsonObject[] = [omit(current, ["allOf"])];
    for (const branch of current.allOf) {
      if (!isObject(branch)) continue;
      const flat = flatten(branch, ctx, depth + 1, path);
      parts.push(flat.schema);
      path = [...path, ...flat.refPath.slice(path.length)];
    }
    current = mergeAll(parts);
  }
  return { schema: current, refPath: path, cut: false };
}

/**
 * Merges raw schemas: `properties` unioned (a name defined twice becomes an `allOf` of both, merged in turn),
 * `required` unioned, any other keyword taken from the first schema that has it.
 */
function mergeAll(parts: readonly JsonObject[]): JsonObject {
  const out: JsonObject = {};
  const properties = new Map<string, unknown[]>();
  const required: unknown[] = [];
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (key === "properties" && isObject(value)) {
        for (const [name, sub] of Object.entries(value)) {
          const list = properties.get(name);
          if (list === undefined) properties.set(name, [sub]);
          else list.push(sub);
        }
      } else if (key === "required" && Array.isArray(value)) {
        required.push(...value);
      } else if (!Object.hasOwn(out, key)) {
        Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      }
    }
  }
  if (properties.size > 0) {
    out.properties = Object.fromEntries(
      [...properties].map(([name, list]) => [name, list.length === 1 ? list[0] : { allOf: list }]),
    );
  }
  if (required.length > 0) out.required = [...new Set(required)];
  return out;
}

function resolveRef(ctx: Context, ref: string): unknown {
  if (!ref.startsWith("#")) return undefined;
  let pointer = ref.slice(1);
  try {
    pointer = decodeURIComponent(pointer);
  } catch {
    // keep the raw fragment
  }
  if (pointer === "") return ctx.root;
  if (!pointer.startsWith("/")) return undefined;
  const segments = pointer
    .slice(1)
    .split("/")
    .map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
  let current: unknown = ctx.root;
  for (const segment of segments) {
    if ((isObject(current) || Array.isArray(current)) && Object.hasOwn(current, segment)) {
      current = (current as Record<string, unknown>)[segment];
    } else {
      current = undefined;
      break;
    }
  }
  if (current !== undefined) return current;
  // `#/$defs/Name` written against defs that live deeper in the document.
  const name = segments[1];
  if (
    segments.length === 2 &&
    name !== undefined &&
    (segments[0] === "$defs" || segments[0] === "definitions")
  ) {
    ctx.nestedDefs ??= collectNestedDefs(ctx.root);
    return ctx.nestedDefs.get(name);
  }
  return undefined;
}

/** Every `$defs`/`definitions` entry in the document, breadth first (the shallowest wins), bounded. */
function collectNestedDefs(root: JsonObject): Map<string, unknown> {
  const defs = new Map<string, unknown>();
  const seen = new Set<object>();
  const queue: unknown[] = [root];
  for (let i = 0; i < queue.length && i < MAX_NODES; i++) {
    const node = queue[i];
    if (typeof node !== "object" || node === null || seen.has(node)) continue;
    seen.add(node);
    for (const [key, value] of Object.entries(node)) {
      if ((key === "$defs" || key === "definitions") && isObject(value)) {
        for (const [name, def] of Object.entries(value)) if (!defs.has(name)) defs.set(name, def);
      }
      if (typeof value === "object" && value !== null) queue.push(value);
    }
  }
  return defs;
}

// ---------------------------------------------------------------------------------------------------------

/** A childless stand-in for a schema that is not expanded further (cycle, depth or size cut). */
function stub(raw: JsonObject, nullable = false): JsonObject {
  const rawType = Array.isArray(raw.type) ? raw.type.find((t) => t !== "null") : raw.type;
  let type: string = typeof rawType === "string" ? rawType.toLowerCase() : "object";
  if (!GEMINI_TYPES.has(type)) type = "object";
  if (rawType === undefined && raw.items !== undefined) type = "array";
  const out: JsonObject = { type };
  if (typeof raw.description === "string") out.description = raw.description;
  if (type === "array") out.items = {};
  if (nullable) out.nullable = true;
  return out;
}

function isNullSchema(s: unknown): boolean {
  if (!isObject(s)) return false;
  if (s.type === "null") return true;
  if (Array.isArray(s.type) && s.type.length > 0 && s.type.every((t) => t === "null")) return true;
  if (Object.hasOwn(s, "const") && s.const === null) return true;
  return Array.isArray(s.enum) && s.enum.length > 0 && s.enum.every((v) => v === null);
}

function copyCount(from: JsonObject, to: JsonObject, key: string): void {
  const v = from[key];
  if (typeof v === "number" && Number.isInteger(v) && v >= 0) to[key] = v;
}

function copyNumber(from: JsonObject, to: JsonObject, key: string, exclusiveKey: string): void {
  const v = from[key];
  const exclusive = from[exclusiveKey];
  if (typeof v === "number" && Number.isFinite(v)) to[key] = v;
  else if (typeof exclusive === "number" && Number.isFinite(exclusive)) to[key] = exclusive;
}

function omit(obj: JsonObject, keys: readonly string[]): JsonObject {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => !keys.includes(k)));
}

function asArray(v: unknown): readonly unknown[] {
  return Array.isArray(v) ? v : [];
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
