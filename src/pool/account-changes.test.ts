import { describe, expect, it } from "vitest";
import type { Account } from "./account.js";
import { accountChanges } from "./account-changes.js";

const account = (id: string, extra: Partial<Account> = {}): Account =>
  ({ id, label: `label-${id}`, kind: "gemini", enabled: true, ...extra }) as Account;

describe("accountChanges", () => {
  it("names the accounts added, removed, turned on and turned off", () => {
    const before = [account("a"), account("b"), account("c", { enabled: false }), account("d")];
    const after = [
      account("a"),
      account("c"),
      account("d", { disabledReason: "invalid_grant" }),
      account("e"),
    ];
    expect(accountChanges(before, after)).toEqual({
      added: ["label-e"],
      removed: ["label-b"],
      on: ["label-c"],
      off: ["label-d"],
    });
  });

  it("nothing a reader would notice (same accounts, same state) is no change", () => {
    expect(accountChanges([account("a")], [account("a", { label: "label-a" })])).toBeUndefined();
  });
});
