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
    const before = [account("a", { credentials: { apiKey: "", refreshToken: "old" }, maxConcurrent: 2 })];
    const after = [account("a", { credentials: { apiKey: "", refreshToken: "new" }, maxConcurrent: 4 })];
    expect(accountChanges(before, after)).toBeUndefined();
    // A reason changed while the account stays off is no change either.
    const off = [account("b", { disabledReason: "invalid_grant" })];
    expect(accountChanges(off, [account("b", { enabled: false })])).toBeUndefined();
  });
});
