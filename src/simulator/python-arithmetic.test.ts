import { describe, expect, it } from "vitest";
import { arithmeticIn } from "./python-arithmetic.js";

describe("arithmeticIn: the first arithmetic in a prompt, worked out as Python prints it", () => {
  it.each([
    ["What is 6 * 7?", "6 * 7", "42"],
    ["Compute 12 * (3 + 4) please", "12 * (3 + 4)", "84"],
    ["what's 2**100", "2**100", "1267650600228229401496703205376"],
    ["(1 + 2) * 3 - 4", "(1 + 2) * 3 - 4", "5"],
    ["(-2**2)", "(-2**2)", "-4"],
    ["3 * (-2)**2", "3 * (-2)**2", "12"],
    ["2 ** 3 ** 2", "2 ** 3 ** 2", "512"],
    ["7 / 2", "7 / 2", "3.5"],
    ["8 / 2", "8 / 2", "4.0"],
    ["0.1 + 0.2", "0.1 + 0.2", "0.30000000000000004"],
    ["1.5 * 4", "1.5 * 4", "6.0"],
  ])("%j → %s = %s", (prompt, expression, printed) => {
    expect(arithmeticIn(prompt)).toEqual({ expression, printed });
  });

  it("a division by zero raises, as Python's does", () => {
    expect(arithmeticIn("Compute 1 / 0")).toEqual({
      expression: "1 / 0",
      error: "ZeroDivisionError: division by zero",
    });
  });

  it.each([["hello"], ["just 42"], ["version 2.5"], ["(2 + 3"], ["2 ** 100000"]])(
    "%j: nothing to work out",
    (prompt) => {
      expect(arithmeticIn(prompt)).toBeUndefined();
    },
  );
});
