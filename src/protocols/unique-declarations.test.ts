import { describe, expect, it } from "vitest";
import { AgateError } from "../errors.js";
import type { ToolDeclaration } from "../hub/types.js";
import { uniqueDeclarations } from "./unique-declarations.js";

const weather: ToolDeclaration = {
  name: "get_weather",
  description: "Weather in a city",
  parameters: { type: "object", properties: { city: { type: "string" } } },
};
const time: ToolDeclaration = { name: "get_time" };
const param = (index: number) => `tools[${index}].function.name`;

describe("uniqueDeclarations", () => {
  it("a tool declared twice alike is sent once, in its first place", () => {
    expect(uniqueDeclarations([weather, time, { ...weather }], param)).toEqual([weather, time]);
  });

  it("declarations of distinct names are left as they are (the same list)", () => {
    const list = [weather, time];
    expect(uniqueDeclarations(list, param)).toBe(list);
  });

  it("two different tools of one name are a 400 naming the second", () => {
    const other = { ...weather, description: "Weather forecast" };
    let error: unknown;
    try {
      uniqueDeclarations([weather, time, other], param);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AgateError);
    expect(error).toMatchObject({ status: 400, param: "tools[2].function.name" });
    expect((error as Error).message).toContain("'get_weather'");
  });
});
