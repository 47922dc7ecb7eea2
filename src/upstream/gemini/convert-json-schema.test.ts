import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  convertJsonSchemaForGemini as convert,
  convertResponseSchema,
  convertToolParameters,
  MAX_DEPTH,
} from "./convert-json-schema.js";

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function depthOf(schema: unknown): number {
  let depth = 0;
  let current: unknown = schema;
  while (typeof current === "object" && current !== null) {
    const next: unknown =
      (current as { properties?: { child?: unknown } }).properties?.child ??
      (current as { items?: unknown }).items;
    if (next === undefined) break;
    current = next;
    depth++;
  }
  return depth;
}

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: "object",
  properties,
  ...extra,
});

describe("convertJsonSchemaForGemini — rules", () => {
  it("returns undefined for non-object input", () => {
    for (const input of [undefined, null, "x", 3, true, false, [], [{ type: "string" }]]) {
      expect(convert(input)).toBeUndefined();
    }
  });

  it("normalises type to lowercase OpenAPI names and drops unknown types", () => {
    expect(convert({ type: "STRING" })).toEqual({ type: "string" });
    expect(convert({ type: "Integer" })).toEqual({ type: "integer" });
    expect(convert({ type: "any", description: "d" })).toEqual({ description: "d" });
    expect(convert({ type: 42 })).toEqual({});
  });

  it("infers object from properties and array from items", () => {
    expect(convert({ properties: { a: { type: "string" } } })).toEqual(obj({ a: { type: "string" } }));
    expect(convert({ items: { type: "number" } })).toEqual({ type: "array", items: { type: "number" } });
  });

  it("keeps description and title, drops keywords Gemini rejects", () => {
    expect(
      convert({
        $schema: "http://json-schema.org/draft-07/schema#",
        $id: "urn:x",
        $comment: "c",
        title: "T",
        description: "D",
        type: "object",
        properties: {
          a: { type: "string", default: "x", examples: ["y"], readOnly: true, writeOnly: false },
        },
        additionalProperties: false,
        strict: true,
        patternProperties: { "^x": { type: "string" } },
        unevaluatedProperties: false,
        dependentRequired: { a: ["b"] },
        if: { required: ["a"] },
        // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword under test
        then: { required: ["b"] },
        else: {},
        not: { required: ["c"] },
        "x-custom": 1,
        $defs: { Unused: { type: "string" } },
        definitions: { Unused: { type: "string" } },
      }),
    ).toEqual({ title: "T", description: "D", type: "object", properties: { a: { type: "string" } } });
  });

  it("keeps only the names of required that exist in properties", () => {
    expect(convert(obj({ a: { type: "string" } }, { required: ["a", "ghost", 7, "a"] }))).toEqual(
      obj({ a: { type: "string" } }, { required: ["a"] }),
    );
  });

  it("keeps format only where Gemini allows it", () => {
    expect(convert({ type: "string", format: "date-time" })).toEqual({ type: "string", format: "date-time" });
    expect(convert({ type: "string", format: "email" })).toEqual({ type: "string" });
    expect(convert({ type: "string", format: "uri" })).toEqual({ type: "string" });
    expect(convert({ type: "integer", format: "int64" })).toEqual({ type: "integer", format: "int64" });
    expect(convert({ type: "integer", format: "double" })).toEqual({ type: "integer" });
    expect(convert({ type: "number", format: "float" })).toEqual({ type: "number", format: "float" });
    expect(convert({ type: "number", format: "int32" })).toEqual({ type: "number" });
    expect(convert({ type: "boolean", format: "enum" })).toEqual({ type: "boolean" });
  });

  it("keeps numeric, length, pattern and item-count constraints; drops malformed ones", () => {
    expect(convert({ type: "integer", minimum: 1, maximum: 10 })).toEqual({
      type: "integer",
      minimum: 1,
      maximum: 10,
    });
    expect(convert({ type: "number", exclusiveMinimum: 0 })).toEqual({ type: "number", minimum: 0 });
    expect(convert({ type: "string", minLength: 1, maxLength: 5, pattern: "^[a-z]+$" })).toEqual({
      type: "string",
      minLength: 1,
      maxLength: 5,
      pattern: "^[a-z]+$",
    });
    expect(convert({ type: "array", items: { type: "string" }, minItems: 1, maxItems: 3 })).toEqual({
      type: "array",
      items: { type: "string" },
      minItems: 1,
      maxItems: 3,
    });
    expect(convert({ type: "string", minLength: -1, maxLength: "5", pattern: 3 })).toEqual({
      type: "string",
    });
    expect(convert({ type: "number", minimum: Number.NaN, maximum: "9" })).toEqual({ type: "number" });
    // Keywords of another type are not carried over.
    expect(convert({ type: "string", minimum: 1, items: { type: "string" } })).toEqual({ type: "string" });
  });

  it("keeps string enums with type string", () => {
    expect(convert({ type: "string", enum: ["a", "b", "a"] })).toEqual({ type: "string", enum: ["a", "b"] });
    expect(convert({ enum: ["a", "b"] })).toEqual({ type: "string", enum: ["a", "b"] });
  });

  it("drops non-string enums, keeps the type and lists the values in the description", () => {
    expect(convert({ type: "integer", enum: [1, 2, 3], description: "Level." })).toEqual({
      type: "integer",
      description: "Level.\nAllowed values: 1, 2, 3",
    });
    expect(convert({ enum: [1.5, 2] })).toEqual({ type: "number", description: "Allowed values: 1.5, 2" });
    expect(convert({ enum: [true] })).toEqual({ type: "boolean", description: "Allowed values: true" });
    expect(convert({ enum: ["a", 1] })).toEqual({ description: 'Allowed values: "a", 1' });
  });

  it("treats null in an enum as nullable", () => {
    expect(convert({ type: ["string", "null"], enum: ["a", null] })).toEqual({
      type: "string",
      enum: ["a"],
      nullable: true,
    });
  });

  it("turns const into a one-value enum with its type", () => {
    expect(convert({ const: "fixed" })).toEqual({ type: "string", enum: ["fixed"] });
    expect(convert({ type: "string", const: "fixed", description: "d" })).toEqual({
      type: "string",
      description: "d",
      enum: ["fixed"],
    });
    expect(convert({ const: 3 })).toEqual({ type: "integer", description: "Allowed values: 3" });
  });

  it("collapses type [T, null] to nullable", () => {
    expect(convert({ type: ["string", "null"] })).toEqual({ type: "string", nullable: true });
    expect(convert({ type: ["null", "INTEGER"] })).toEqual({ type: "integer", nullable: true });
    expect(convert({ type: "null" })).toEqual({ nullable: true });
    expect(convert({ type: "string", nullable: true })).toEqual({ type: "string", nullable: true });
  });

  it("turns several non-null types into anyOf with each type's keywords", () => {
    expect(
      convert({ type: ["string", "integer", "null"], description: "d", minimum: 0, maxLength: 3 }),
    ).toEqual({
      description: "d",
      anyOf: [
        { type: "string", maxLength: 3 },
        { type: "integer", minimum: 0 },
      ],
      nullable: true,
    });
  });

  it("collapses anyOf [X, null] into X with nullable", () => {
    expect(
      convert({ anyOf: [{ type: "string", description: "inner" }, { type: "null" }], description: "outer" }),
    ).toEqual({ description: "outer", type: "string", nullable: true });
    expect(convert({ anyOf: [{ type: "null" }, { type: "number" }] })).toEqual({
      type: "number",
      nullable: true,
    });
  });

  it("keeps anyOf of several non-null branches, with nullable when a null branch was there", () => {
    expect(convert({ anyOf: [{ type: "string" }, { type: "number" }] })).toEqual({
      anyOf: [{ type: "string" }, { type: "number" }],
    });
    expect(
      convert({ anyOf: [{ type: "string" }, { type: "number" }, { type: "null" }], description: "d" }),
    ).toEqual({
      description: "d",
      anyOf: [{ type: "string" }, { type: "number" }],
      nullable: true,
    });
  });

  it("treats oneOf like anyOf", () => {
    expect(convert({ oneOf: [{ type: "string" }, { type: "null" }] })).toEqual({
      type: "string",
      nullable: true,
    });
    expect(convert({ oneOf: [{ const: "a" }, { const: "b" }] })).toEqual({
      anyOf: [
        { type: "string", enum: ["a"] },
        { type: "string", enum: ["b"] },
      ],
    });
  });

  it("drops an anyOf that has an unconstrained branch", () => {
    expect(
      convert(obj({ a: { type: "string" } }, { anyOf: [{ required: ["a"] }, { required: ["b"] }] })),
    ).toEqual(obj({ a: { type: "string" } }));
  });

  it("merges allOf: properties and required unioned", () => {
    expect(
      convert({
        description: "merged",
        allOf: [
          obj({ a: { type: "string" } }, { required: ["a"] }),
          obj({ b: { type: "integer" }, a: { description: "A" } }, { required: ["b"] }),
        ],
      }),
    ).toEqual({
      description: "merged",
      type: "object",
      properties: { a: { type: "string", description: "A" }, b: { type: "integer" } },
      required: ["a", "b"],
    });
  });

  it("resolves $ref to $defs and definitions, including nested defs", () => {
    expect(
      convert({
        type: "object",
        properties: {
          a: { $ref: "#/$defs/A" },
          b: { $ref: "#/definitions/B" },
          c: { $ref: "#/$defs/A/$defs/C" },
          d: { $ref: "#/$defs/D" },
        },
        $defs: { A: { type: "string", $defs: { C: { type: "boolean" } } } },
        definitions: { B: { type: "integer" } },
        // D lives in a nested $defs, yet is referenced as if it were at the root.
        $comment: "nested",
        allOf: [{ $defs: { D: { type: "number" } } }],
      }),
    ).toEqual(
      obj({ a: { type: "string" }, b: { type: "integer" }, c: { type: "boolean" }, d: { type: "number" } }),
    );
  });

  it("lets keywords next to a $ref override the target; decodes JSON pointers", () => {
    expect(
      convert({
        properties: {
          x: { $ref: "#/$defs/A", description: "local" },
          y: { $ref: "#/$defs/a~1b" },
          z: { $ref: "#/$defs/with%20space" },
        },
        $defs: {
          A: { type: "string", description: "shared" },
          "a/b": { type: "integer" },
          "with space": { type: "boolean" },
        },
      }),
    ).toEqual(
      obj({ x: { type: "string", description: "local" }, y: { type: "integer" }, z: { type: "boolean" } }),
    );
  });

  it("drops unresolvable refs but keeps their siblings", () => {
    expect(convert({ $ref: "https://example.com/schema.json", description: "remote" })).toEqual({
      description: "remote",
    });
    expect(convert({ $ref: "#/$defs/constructor" })).toEqual({});
    expect(convert({ $ref: "#/$defs/Missing", type: "string" })).toEqual({ type: "string" });
  });

  it("gives every array items (Gemini rejects arrays without them)", () => {
    expect(convert({ type: "array" })).toEqual({ type: "array", items: {} });
    expect(convert({ type: "array", items: [{ type: "string" }] })).toEqual({
      type: "array",
      items: { type: "string" },
    });
    expect(convert({ type: "array", prefixItems: [{ type: "string" }, { type: "integer" }] })).toEqual({
      type: "array",
      items: { anyOf: [{ type: "string" }, { type: "integer" }] },
    });
  });

  it("keeps a nested empty object as {type: object}", () => {
    expect(convert(obj({ meta: { type: "object", properties: {}, additionalProperties: true } }))).toEqual(
      obj({ meta: { type: "object" } }),
    );
    expect(convert({ type: "object", properties: {} })).toEqual({ type: "object" });
  });

  it("drops properties whose schema is false, keeps those whose schema is true", () => {
    expect(
      convert(obj({ never: false, any: true, s: { type: "string" } }, { required: ["never", "s"] })),
    ).toEqual(obj({ any: {}, s: { type: "string" } }, { required: ["s"] }));
  });

  it("keeps a property named __proto__ as a plain property", () => {
    const input = JSON.parse(
      '{"type":"object","properties":{"__proto__":{"type":"string"}},"required":["__proto__"]}',
    );
    const out = convert(input);
    const props = out?.properties as Record<string, unknown>;
    expect(Object.hasOwn(props, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(props)).toBe(Object.prototype);
    expect(JSON.stringify(out)).toBe(
      '{"type":"object","properties":{"__proto__":{"type":"string"}},"required":["__proto__"]}',
    );
  });
});

describe("convertToolParameters / convertResponseSchema — top level", () => {
  it("returns undefined for a tool without parameters", () => {
    expect(convertToolParameters({ type: "object", properties: {} })).toBeUndefined();
    expect(
      convertToolParameters({ type: "object", properties: {}, additionalProperties: false }),
    ).toBeUndefined();
    expect(convertToolParameters({ type: "object", description: "no args" })).toBeUndefined();
    expect(convertToolParameters({})).toBeUndefined();
    expect(convertToolParameters(undefined)).toBeUndefined();
    expect(convertToolParameters("nope")).toBeUndefined();
  });

  it("converts a tool with parameters", () => {
    expect(convertToolParameters(obj({ q: { type: "string" } }, { required: ["q"] }))).toEqual(
      obj({ q: { type: "string" } }, { required: ["q"] }),
    );
  });

  it("applies the same rule to response schemas", () => {
    expect(convertResponseSchema({ type: "object", properties: {} })).toBeUndefined();
    expect(convertResponseSchema({ type: "array", items: { type: "string" } })).toEqual({
      type: "array",
      items: { type: "string" },
    });
  });
});

describe("convertToolParameters — a root union of object schemas (Gemini wants an object at the root)", () => {
  const read = {
    type: "object",
    description: "Read a file.",
    properties: { action: { const: "read" }, path: { type: "string" }, encoding: { type: "string" } },
    required: ["action", "path"],
    additionalProperties: false,
  };
  const fetch = {
    type: "object",
    title: "Fetch",
    description: "Fetch a URL.",
    properties: { action: { const: "fetch" }, url: { type: "string", description: "The address." } },
    required: ["action", "url"],
  };

  it("oneOf/anyOf of objects → one object: the branches' properties, required only what every branch requires", () => {
    for (const union of ["oneOf", "anyOf"]) {
      expect(convertToolParameters(deepFreeze({ [union]: [read, fetch] }))).toEqual({
        type: "object",
        description:
          "Takes one of these sets of arguments:\n" +
          "- action, path, encoding (optional): Read a file.\n" +
          "- action, url: Fetch: Fetch a URL.",
        properties: {
          action: { type: "string", enum: ["read", "fetch"] },
          path: { type: "string" },
          encoding: { type: "string" },
          url: { type: "string", description: "The address." },
        },
        required: ["action"],
      });
    }
  });

  it("the root's own description and properties stay, first; a property typed apart in the branches → anyOf", () => {
    const out = convertToolParameters({
      type: "object",
      description: "Set a value.",
      properties: { key: { type: "string" } },
      required: ["key"],
      oneOf: [
        obj({ value: { type: "string" } }, { required: ["value"] }),
        obj({ value: { type: "number" } }),
      ],
    });
    expect(out).toEqual({
      type: "object",
      description: "Set a value.\nTakes one of these sets of arguments:\n- value\n- value (optional)",
      properties: {
        key: { type: "string" },
        value: { anyOf: [{ type: "string" }, { type: "number" }] },
      },
      required: ["key"],
    });
  });

  it("a union with a branch that is not an object is left as it was", () => {
    expect(convertToolParameters({ anyOf: [obj({ a: { type: "string" } }), { type: "string" }] })).toEqual({
      anyOf: [obj({ a: { type: "string" } }), { type: "string" }],
    });
  });

  it("a response schema keeps its root union (Gemini's responseSchema takes anyOf)", () => {
    expect(
      convertResponseSchema({ anyOf: [obj({ a: { type: "string" } }), obj({ b: { type: "integer" } })] }),
    ).toEqual({ anyOf: [obj({ a: { type: "string" } }), obj({ b: { type: "integer" } })] });
  });
});

describe("realistic fixtures", () => {
  it("zod-to-json-schema output with definitions, additionalProperties and strict", () => {
    const input = {
      type: "object",
      properties: {
        billing: { $ref: "#/definitions/Address" },
        shipping: {
          anyOf: [{ $ref: "#/definitions/Address" }, { type: "null" }],
          description: "Where to ship",
        },
        lines: { type: "array", items: { $ref: "#/definitions/Line" }, minItems: 1 },
        status: { type: "string", enum: ["pending", "paid"], default: "pending" },
        placedAt: { type: "string", format: "date-time" },
        email: { type: "string", format: "email" },
      },
      required: ["billing", "lines", "status"],
      additionalProperties: false,
      strict: true,
      definitions: {
        Address: {
          type: "object",
          properties: { street: { type: "string" }, zip: { type: "string", pattern: "^\\d{5}$" } },
          required: ["street", "zip"],
          additionalProperties: false,
        },
        Line: {
          type: "object",
          properties: { sku: { type: "string" }, qty: { type: "integer", exclusiveMinimum: 0 } },
          required: ["sku", "qty"],
          additionalProperties: false,
        },
      },
      $schema: "http://json-schema.org/draft-07/schema#",
    };
    const address = {
      type: "object",
      properties: { street: { type: "string" }, zip: { type: "string", pattern: "^\\d{5}$" } },
      required: ["street", "zip"],
    };
    expect(convertToolParameters(input)).toEqual({
      type: "object",
      properties: {
        billing: address,
        shipping: { ...address, description: "Where to ship", nullable: true },
        lines: {
          type: "array",
          items: {
            type: "object",
            properties: { sku: { type: "string" }, qty: { type: "integer", minimum: 0 } },
            required: ["sku", "qty"],
          },
          minItems: 1,
        },
        status: { type: "string", enum: ["pending", "paid"] },
        placedAt: { type: "string", format: "date-time" },
        email: { type: "string" },
      },
      required: ["billing", "lines", "status"],
    });
  });

  it("zod v4 z.toJSONSchema output (with a recursive type)", () => {
    const Category = z.object({
      name: z.string().describe("Category name"),
      get subcategories() {
        return z.array(Category);
      },
    });
    const schema = z.object({
      kind: z.enum(["a", "b"]),
      tag: z.literal("fixed"),
      count: z.number().int().min(1).optional(),
      note: z.string().nullable(),
      category: Category,
    });
    const out = convertToolParameters(z.toJSONSchema(schema));
    expect(out).toMatchObject({
      type: "object",
      properties: {
        kind: { type: "string", enum: ["a", "b"] },
        tag: { type: "string", enum: ["fixed"] },
        count: { type: "integer", minimum: 1 },
        note: { type: "string", nullable: true },
        category: {
          type: "object",
          properties: { name: { type: "string", description: "Category name" } },
        },
      },
      required: ["kind", "tag", "note", "category"],
    });
    const text = JSON.stringify(out);
    for (const banned of ["$ref", "$defs", "$schema", "additionalProperties", "const", '"null"']) {
      expect(text).not.toContain(banned);
    }
  });

  it("OpenAI Structured Outputs schema (all required, nullable via type arrays)", () => {
    const input = {
      type: "object",
      properties: {
        name: { type: "string" },
        nickname: { type: ["string", "null"], description: "Optional nickname" },
        age: { type: ["integer", "null"] },
        tags: { type: "array", items: { type: "string" } },
        address: {
          anyOf: [
            {
              type: "object",
              properties: { city: { type: "string" } },
              required: ["city"],
              additionalProperties: false,
            },
            { type: "null" },
          ],
        },
      },
      required: ["name", "nickname", "age", "tags", "address"],
      additionalProperties: false,
    };
    expect(convertResponseSchema(input)).toEqual({
      type: "object",
      properties: {
        name: { type: "string" },
        nickname: { type: "string", description: "Optional nickname", nullable: true },
        age: { type: "integer", nullable: true },
        tags: { type: "array", items: { type: "string" } },
        address: {
          type: "object",
          properties: { city: { type: "string" } },
          required: ["city"],
          nullable: true,
        },
      },
      required: ["name", "nickname", "age", "tags", "address"],
    });
  });

  it("Vercel AI SDK tool schema with $schema and additionalProperties", () => {
    const input = {
      type: "object",
      properties: {
        location: { type: "string", description: "The city and state" },
        unit: { type: "string", enum: ["celsius", "fahrenheit"] },
      },
      required: ["location"],
      additionalProperties: false,
      $schema: "http://json-schema.org/draft-07/schema#",
    };
    expect(convertToolParameters(input)).toEqual({
      type: "object",
      properties: {
        location: { type: "string", description: "The city and state" },
        unit: { type: "string", enum: ["celsius", "fahrenheit"] },
      },
      required: ["location"],
    });
  });

  it("a tool with no parameters", () => {
    expect(convertToolParameters({ type: "object", properties: {} })).toBeUndefined();
    expect(
      convertToolParameters({
        type: "object",
        properties: {},
        additionalProperties: false,
        $schema: "http://json-schema.org/draft-07/schema#",
      }),
    ).toBeUndefined();
  });

  it("cuts a cyclic $ref (tree node) to {type: object} after a few levels", () => {
    const input = {
      type: "object",
      properties: { root: { $ref: "#/$defs/Node" } },
      required: ["root"],
      $defs: {
        Node: {
          type: "object",
          properties: {
            value: { type: "string" },
            children: { type: "array", items: { $ref: "#/$defs/Node" } },
          },
          required: ["value", "children"],
        },
      },
    };
    const node = (children: unknown) => ({
      type: "object",
      properties: { value: { type: "string" }, children: { type: "array", items: children } },
      required: ["value", "children"],
    });
    expect(convertToolParameters(input)).toEqual({
      type: "object",
      properties: { root: node(node(node({ type: "object" }))) },
      required: ["root"],
    });
  });

  it("survives other cycles: root $ref '#', self-alias, allOf and anyOf loops", () => {
    const rootRecursive = convert({
      type: "object",
      properties: { next: { $ref: "#" }, v: { type: "integer" } },
    });
    expect(depthOf(rootRecursive)).toBeLessThan(10);
    expect(
      convert({ $ref: "#/$defs/A", $defs: { A: { $ref: "#/$defs/B" }, B: { $ref: "#/$defs/A" } } }),
    ).toEqual({
      type: "object",
    });
    expect(convert({ $ref: "#/$defs/A", $defs: { A: { allOf: [{ $ref: "#/$defs/A" }] } } })).toBeDefined();
    expect(
      convert({ $ref: "#/$defs/A", $defs: { A: { anyOf: [{ $ref: "#/$defs/A" }, { type: "null" }] } } }),
    ).toBeDefined();
  });

  it("bounds exponential $ref fan-out", () => {
    const defs: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) {
      defs[`L${i}`] = obj({ left: { $ref: `#/$defs/L${i + 1}` }, right: { $ref: `#/$defs/L${i + 1}` } });
    }
    defs.L40 = { type: "string" };
    const started = Date.now();
    const out = convert({ $ref: "#/$defs/L0", $defs: defs });
    expect(out).toMatchObject({ type: "object" });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("handles 200 levels of nesting without overflowing, cutting at MAX_DEPTH", () => {
    let input: Record<string, unknown> = { type: "string" };
    for (let i = 0; i < 200; i++) input = obj({ child: input }, { required: ["child"] });
    const out = convert(input);
    expect(out).toBeDefined();
    const depth = depthOf(out);
    expect(depth).toBeGreaterThan(10);
    expect(depth).toBeLessThanOrEqual(MAX_DEPTH + 1);
  });

  it("handles very deep arrays, allOf and anyOf chains", () => {
    let items: Record<string, unknown> = { type: "string" };
    let allOf: Record<string, unknown> = { type: "string" };
    let anyOf: Record<string, unknown> = { type: "string" };
    for (let i = 0; i < 5_000; i++) {
      items = { type: "array", items };
      allOf = { allOf: [allOf] };
      anyOf = { anyOf: [anyOf, { type: "null" }] };
    }
    expect(convert(items)).toMatchObject({ type: "array" });
    expect(convert(allOf)).toBeDefined();
    expect(convert(anyOf)).toMatchObject({ nullable: true });
  });

  it("does not throw on a cyclic JavaScript object", () => {
    const input: Record<string, unknown> = { type: "object", properties: {} };
    (input.properties as Record<string, unknown>).self = input;
    expect(() => convert(input)).not.toThrow();
  });

  it("never mutates its input (deep-frozen input works)", () => {
    const input = {
      type: "object",
      properties: {
        a: { anyOf: [{ $ref: "#/$defs/A" }, { type: "null" }] },
        b: { allOf: [obj({ x: { type: "string" } }), obj({ y: { type: ["integer", "null"] } })] },
        c: { const: "c" },
      },
      required: ["a", "b", "zz"],
      additionalProperties: false,
      $defs: { A: obj({ v: { type: "string", format: "uuid" } }) },
    };
    const before = structuredClone(input);
    const out = convert(deepFreeze(input));
    expect(input).toEqual(before);
    expect(out).toEqual({
      type: "object",
      properties: {
        a: obj({ v: { type: "string" } }, { nullable: true }),
        b: obj({ x: { type: "string" }, y: { type: "integer", nullable: true } }),
        c: { type: "string", enum: ["c"] },
      },
      required: ["a", "b"],
    });
    // The output shares nothing mutable with the input.
    const props = out?.properties as Record<string, Record<string, unknown>>;
    props.c!.type = "changed";
    expect(input.properties.c).toEqual({ const: "c" });
  });
});
