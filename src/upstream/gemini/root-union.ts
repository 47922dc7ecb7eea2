type JsonObject = Record<string, unknown>;

/**
 * A function's parameters converted for Gemini whose root is a union of object schemas (`oneOf`/`anyOf` at the
 * root, as zod writes a discriminated union and OpenAI takes it) → one object schema, since Gemini wants
 * `type: "object"` at the root of a function's parameters (Vertex: "parameters schema should be of type
 * OBJECT"). The nearest object: the root's own properties and then every branch's, a property the branches
 * define differently becoming the `anyOf` of its forms (string enums, such as a discriminator's constants,
 * joined into one enum); required: the root's, and what every branch requires. Which properties go together is
 * said in the description, with each branch's title and description, so the model still picks one set.
 * Anything else (a branch that is not an object, no union) is returned as it is. Pure.
 */
export function objectRootOf(schema: JsonObject): JsonObject {
  const branches = schema.anyOf;
  if (schema.type !== undefined && schema.type !== "object") return schema;
  if (!Array.isArray(branches) || branches.length === 0) return schema;
  if (!branches.every((branch): branch is JsonObject => isObject(branch) && branch.type === "object"))
    return schema;
  const forms = new Map<string, JsonObject[]>();
  for (const source of [schema, ...branches]) {
    for (const [name, property] of Object.entries(propertiesOf(source))) {
      const list = forms.get(name);
      if (list === undefined) forms.set(name, [property]);
      else list.push(property);
    }
  }
  const { anyOf: _union, type: _type, properties: _properties, required: _required, ...rest } = schema;
  const out: JsonObject = { ...rest, type: "object" };
  const description = [rest.description, branchesNote(branches)].filter((text) => typeof text === "string");
  out.description = description.join("\n");
  if (forms.size > 0)
    out.properties = Object.fromEntries([...forms].map(([name, list]) => [name, merged(list)]));
  const required = [...requiredOf(schema), ...branches.map(requiredOf).reduce(intersection)];
  if (required.length > 0) out.required = [...new Set(required)];
  return out;
}

/** One line per branch: its properties (the optional ones marked), then its title and description. */
function branchesNote(branches: readonly JsonObject[]): string {
  const lines = branches.map((branch) => {
    const required = new Set(requiredOf(branch));
    const names = Object.keys(propertiesOf(branch)).map((name) =>
      required.has(name) ? name : `${name} (optional)`,
    );
    const said = [branch.title, branch.description].filter((text) => typeof text === "string").join(": ");
    const listed = names.length === 0 ? "no arguments" : names.join(", ");
    return said === "" ? `- ${listed}` : `- ${listed}: ${said}`;
  });
  return `Takes one of these sets of arguments:\n${lines.join("\n")}`;
}

/** A property's forms across the root and the branches → one schema. */
function merged(forms: readonly JsonObject[]): JsonObject {
  const distinct: JsonObject[] = [];
  const seen = new Set<string>();
  for (const form of forms) {
    const key = JSON.stringify(form);
    if (!seen.has(key)) {
      seen.add(key);
      distinct.push(form);
    }
  }
  const [first] = distinct;
  if (first === undefined || distinct.length === 1) return first ?? {};
  if (distinct.every(isStringEnum)) {
    const values = distinct.flatMap((form) => form.enum as string[]);
    return { ...first, enum: [...new Set(values)] };
  }
  // An unconstrained form makes the property anything (as the converter reads such a union).
  return distinct.some((form) => Object.keys(form).length === 0) ? {} : { anyOf: distinct };
}

/** `{type: "string", enum}` and nothing else that could differ but a description. */
const isStringEnum = (form: JsonObject): boolean =>
  form.type === "string" &&
  Array.isArray(form.enum) &&
  Object.keys(form).every((key) => key === "type" || key === "enum" || key === "description");

const propertiesOf = (schema: JsonObject): Record<string, JsonObject> =>
  isObject(schema.properties) ? (schema.properties as Record<string, JsonObject>) : {};

const requiredOf = (schema: JsonObject): string[] =>
  Array.isArray(schema.required) ? schema.required.filter((name) => typeof name === "string") : [];

const intersection = (left: string[], right: string[]): string[] =>
  left.filter((name) => right.includes(name));

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
