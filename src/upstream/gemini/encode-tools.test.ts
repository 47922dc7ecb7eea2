import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import type { ToolDeclaration } from "../../hub/types.js";
import { ConvertedToolLists, encodeTools } from "./encode-tools.js";

const tool = (name: string, description = "Reads a file."): ToolDeclaration => ({
  name,
  description,
  parameters: {
    type: "object",
    properties: { path: { type: "string", format: "uri-reference" }, mode: { enum: ["r", "w", null] } },
    required: ["path"],
    additionalProperties: false,
  },
});

describe("encodeTools", () => {
  it("converts each tool's schema to what Gemini takes", () => {
    expect(encodeTools([tool("read")])).toEqual([
      {
        functionDeclarations: [
          {
            name: "read",
            description: "Reads a file.",
            parameters: {
              type: "object",
              properties: {
                path: { type: "string" },
                mode: { type: "string", enum: ["r", "w"], nullable: true },
              },
              required: ["path"],
            },
          },
        ],
      },
    ]);
    expect(encodeTools([])).toBeUndefined();
  });

  it("converts each list anew: it keeps nothing", () => {
    expect(encodeTools([tool("read")])).not.toBe(encodeTools([tool("read")]));
  });
});

describe("ConvertedToolLists", () => {
  it("converts a tool list sent again (an agent's every turn) once, and a different one anew", () => {
    const lists = new ConvertedToolLists();
    const first = lists.of([tool("read"), tool("write")]);
    expect(first).toEqual(encodeTools([tool("read"), tool("write")]));
    // A new request: new objects with the same content.
    expect(lists.of([tool("read"), tool("write")])).toBe(first);
    const other = lists.of([tool("read"), tool("write", "Writes a file.")]);
    expect(other).not.toBe(first);
    expect(other?.[0]).toMatchObject({
      functionDeclarations: [{ name: "read" }, { description: "Writes a file." }],
    });
    expect(lists.of([])).toBeUndefined();
    expect(lists.of(undefined)).toBeUndefined();
  });

  it("compares a list sent again with the last one like it, without serialising it", () => {
    const lists = new ConvertedToolLists();
    const first = lists.of([tool("read"), tool("write")]);
    const stringify = vi.spyOn(JSON, "stringify");
    try {
      expect(lists.of(structuredClone([tool("read"), tool("write")]))).toBe(first);
      expect(stringify).not.toHaveBeenCalled();
      // The same length and names, another schema: serialised for its key, and converted anew.
      const changed = [tool("read"), { ...tool("write"), parameters: { type: "object" } }];
      expect(lists.of(changed)).not.toBe(first);
      expect(stringify).toHaveBeenCalled();
    } finally {
      stringify.mockRestore();
    }
  });

  it("gives what encodeTools gives, whatever lists came before", () => {
    const schema = fc.oneof(
      fc.constant({ type: "object" }),
      fc.record({
        type: fc.constant("object"),
        properties: fc.dictionary(
          fc.stringMatching(/^[a-z]{1,4}$/),
          fc.constantFrom({ type: "string" }, { type: "integer" }, { enum: ["a", "b"] }),
        ),
      }),
    );
    const list = fc.array(
      fc.record({
        name: fc.constantFrom("read", "write", "grep"),
        description: fc.constantFrom("a", "b"),
        parameters: schema,
      }),
      { minLength: 1, maxLength: 3 },
    );
    fc.assert(
      fc.property(fc.array(list, { minLength: 1, maxLength: 8 }), (sequence) => {
        const lists = new ConvertedToolLists();
        for (const tools of sequence) expect(lists.of(structuredClone(tools))).toEqual(encodeTools(tools));
      }),
    );
  });
});
