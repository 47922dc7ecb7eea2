import { describe, expect, it } from "vitest";
import { assertBodyDepth } from "./body-depth.js";

const nested = (depth: number): unknown => {
  let value: unknown = "leaf";
  for (let level = 0; level < depth; level++) value = level % 2 === 0 ? { a: value } : [value];
  return value;
};

describe("assertBodyDepth", () => {
  it("lets ordinary and moderately deep bodies through", () => {
    expect(() => assertBodyDepth({ model: "m", messages: [{ role: "user", content: "x" }] })).not.toThrow();
    expect(() => assertBodyDepth(nested(128))).not.toThrow();
  });

  it("refuses a body nested deeper than the limit with a 400, without recursing itself", () => {
    expect(() => assertBodyDepth(nested(129))).toThrow(
      expect.objectContaining({ status: 400, code: "body_too_deep" }),
    );
    expect(() => assertBodyDepth(nested(100_000))).toThrow(expect.objectContaining({ status: 400 }));
  });
});
