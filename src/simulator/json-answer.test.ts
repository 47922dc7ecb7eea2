import { describe, expect, it } from "vitest";
import { jsonAnswer } from "./json-answer.js";

const answer = (schema: unknown, said = "a person") => JSON.parse(jsonAnswer(schema, said, "echo"));

describe("jsonAnswer", () => {
  it("fits Gemini's OpenAPI-subset schema: the first string says what the user said", () => {
    const schema = {
      type: "OBJECT",
      properties: {
        name: { type: "STRING" },
        nickname: { type: "STRING", nullable: true },
        age: { type: "INTEGER", minimum: 18 },
        score: { type: "NUMBER" },
        member: { type: "BOOLEAN" },
        role: { type: "STRING", enum: ["admin", "user"] },
        tags: { type: "ARRAY", items: { type: "STRING" }, minItems: 2 },
        address: { type: "OBJECT", properties: { city: { type: "STRING" } } },
      },
      propertyOrdering: ["name", "nickname", "age", "score", "member", "role", "tags", "address"],
    };
    expect(answer(schema)).toEqual({
      name: "a person",
      nickname: "nickname",
      age: 18,
      score: 1,
      member: true,
      role: "admin",
      tags: ["tags", "tags"],
      address: { city: "city" },
    });
  });

  it("fits a plain JSON Schema (responseJsonSchema): type lists, const, anyOf", () => {
    const schema = {
      type: "object",
      properties: {
        steps: { type: "array", items: { type: "object", properties: { explanation: { type: "string" } } } },
        answer: { type: ["string", "null"] },
        kind: { const: "final" },
        value: { anyOf: [{ type: "number", maximum: 0.5 }, { type: "string" }] },
      },
    };
    expect(answer(schema, "2+2")).toEqual({
      steps: [{ explanation: "2+2" }],
      answer: "answer",
      kind: "final",
      value: 0.5,
    });
  });

  it("a string of format date-time is a timestamp, as Gemini honours the format", () => {
    const schema = {
      type: "OBJECT",
      properties: { when: { type: "STRING", format: "date-time" }, what: { type: "STRING" } },
    };
    expect(answer(schema, "lunch")).toEqual({ when: "2025-01-01T00:00:00Z", what: "lunch" });
    expect(answer({ type: "string", format: "date-time" })).toBe("2025-01-01T00:00:00Z");
  });

  it("without a schema: the echo as {text}", () => {
    expect(answer(undefined)).toEqual({ text: "echo" });
  });

  it("a top-level array or string is fine too", () => {
    expect(answer({ type: "ARRAY", items: { type: "INTEGER" } })).toEqual([1]);
    expect(answer({ type: "STRING" }, "hi")).toBe("hi");
  });
});
