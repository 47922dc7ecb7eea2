import { describe, expect, it } from "vitest";
import { SqliteAccountsRepository } from "../../store/accounts-repository.js";
import { openMemoryDatabase } from "../../store/database.js";
import { AccountBook } from "../account-book.js";
import { accountFromInput } from "../account-input.js";
import { importAccounts } from "./import-accounts.js";

const entry = (origin: string, token: string, email: string, label: string) => ({
  origin,
  account: accountFromInput({ kind: "cloudcode", refresh_token: token, label }, { email }),
});

describe("importAccounts", () => {
  it("imports an account whose label is taken under its id and says so; a second run changes nothing", () => {
    const book = new AccountBook(new SqliteAccountsRepository(openMemoryDatabase()), []);
    const entries = [
      entry("a.json", "1//token-ann-aaaa", "ann@example.com", "team"),
      entry("b.json", "1//token-bob-bbbb", "bob@example.com", "team"),
    ];
    const report = importAccounts(book, entries);
    const [ann, bob] = report.added;
    expect(report.added).toHaveLength(2);
    expect(ann).toMatchObject({ origin: "a.json", label: "team" });
    expect(ann?.note).toBeUndefined();
    expect(bob).toMatchObject({ origin: "b.json", label: bob?.id });
    expect(bob?.note).toBe(`the label 'team' already names ${ann?.id}, so it is labelled ${bob?.id}`);
    expect(book.resolve("team").id).toBe(ann?.id);

    const again = importAccounts(book, entries);
    expect(again).toMatchObject({ added: [], updated: [] });
    expect(again.skipped.map((item) => item.reason)).toEqual([
      "already there, unchanged",
      "already there, unchanged",
    ]);
  });
});
