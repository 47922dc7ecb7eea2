import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { itemIdsFor, responseIdOf } from "./item-ids.js";

describe("item ids made by a response", () => {
  it("carry the type's prefix, the response's id and a count, each one different", () => {
    const next = itemIdsFor("resp_0Abc9XyZ");
    expect([next("msg"), next("fc"), next("msg")]).toEqual([
      "msg_0Abc9XyZ_0",
      "fc_0Abc9XyZ_1",
      "msg_0Abc9XyZ_2",
    ]);
  });

  it("name the response that made them, for any response id and prefix", () => {
    const base62 = fc.stringMatching(/^[0-9A-Za-z]{1,40}$/);
    fc.assert(
      fc.property(
        base62,
        fc.constantFrom("msg", "fc", "rs", "fco", "item", "lsh"),
        fc.nat(5000),
        (body, prefix, skip) => {
          const next = itemIdsFor(`resp_${body}`);
          for (let index = 0; index < skip % 50; index++) next("msg");
          expect(responseIdOf(next(prefix))).toBe(`resp_${body}`);
        },
      ),
    );
  });

  it("ids of other forms name no response", () => {
    for (const id of ["msg_0Abc9XyZ", "msg", "", "_x_1", "msg__1", "msg_abc_", "fc_abc"])
      expect(responseIdOf(id)).toBeUndefined();
  });
});
