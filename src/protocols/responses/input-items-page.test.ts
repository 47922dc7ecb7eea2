import { describe, expect, it } from "vitest";
import { inputItemsPage } from "./input-items-page.js";

const items = Array.from({ length: 25 }, (_, index) => ({ id: `msg_${index + 1}` }));
const ids = (page: { data: { id: string }[] }) => page.data.map((item) => item.id);

describe("a page of a response's input items", () => {
  it("is the newest 20 by default, with the cursor ids and has_more", () => {
    const page = inputItemsPage(items, {});
    expect(page.data).toHaveLength(20);
    expect(page).toMatchObject({ first_id: "msg_25", last_id: "msg_6", has_more: true });
  });

  it("continues after an item in the order asked for", () => {
    expect(ids(inputItemsPage(items, { after: "msg_3", limit: "2" }))).toEqual(["msg_2", "msg_1"]);
    expect(ids(inputItemsPage(items, { after: "msg_3", limit: "2", order: "asc" }))).toEqual([
      "msg_4",
      "msg_5",
    ]);
  });

  it("after the last item is an empty last page", () => {
    expect(inputItemsPage(items, { after: "msg_1" })).toMatchObject({
      data: [],
      first_id: null,
      last_id: null,
      has_more: false,
    });
  });

  it("pages through items stored with one id twice (before agate refused that) and comes to an end", () => {
    const stored = ["msg_a", "msg_x", "msg_b", "msg_x", "msg_c"].map((id, index) => ({ id, index }));
    for (const order of ["asc", "desc"]) {
      const seen: number[] = [];
      let after: string | undefined;
      for (let page = 0; page < 10; page++) {
        const listed = inputItemsPage(stored, {
          limit: "2",
          order,
          ...(after === undefined ? {} : { after }),
        });
        seen.push(...listed.data.map((item) => item.index));
        if (!listed.has_more) break;
        after = listed.last_id ?? undefined;
      }
      // Each id once, where it was last sent (as item_reference finds it): the listing ends.
      expect(seen.sort()).toEqual([0, 2, 3, 4]);
    }
  });

  it.each([
    [{ limit: ["1", "2"] }, "limit"],
    [{ limit: "-1" }, "limit"],
    [{ order: ["asc"] }, "order"],
    [{ after: "" }, "after"],
  ])("refuses %j naming '%s'", (query, param) => {
    expect(() => inputItemsPage(items, query)).toThrow(expect.objectContaining({ status: 400, param }));
  });
});
