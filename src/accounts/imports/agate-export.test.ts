import { describe, expect, it } from "vitest";
import { SqliteAccountsRepository } from "../../store/accounts-repository.js";
import { openMemoryDatabase } from "../../store/database.js";
import { AccountBook } from "../account-book.js";
import { accountFromInput } from "../account-input.js";
import { agateExportEntries, exportAccounts } from "./agate-export.js";
import { importAccounts } from "./import-accounts.js";

function book() {
  const repository = new SqliteAccountsRepository(openMemoryDatabase());
  return { accounts: new AccountBook(repository, []), repository };
}

const cloudcode = (token: string, email: string) =>
  accountFromInput({ kind: "cloudcode", refresh_token: token }, { email });

describe("agate export", () => {
  it("keeps whether an account is off and why, and an import of it brings both back", () => {
    const { accounts, repository } = book();
    const on = accounts.add(cloudcode("1//token-on-aaaa", "on@example.com"));
    const owners = accounts.add(cloudcode("1//token-owner-bb", "owner@example.com"));
    const revoked = accounts.add(cloudcode("1//token-revoked-c", "revoked@example.com"));
    accounts.disable(owners.id, "over budget");
    repository.setDisabledReason(revoked.id, "OAuth invalid_grant: the refresh token was revoked");

    const exported = exportAccounts(accounts.list(), true, 0);
    expect(exported.accounts).toEqual([
      expect.objectContaining({ id: on.id, enabled: true }),
      expect.objectContaining({
        id: owners.id,
        enabled: false,
        disabled_reason: "turned off by its owner: over budget",
      }),
      expect.objectContaining({
        id: revoked.id,
        enabled: true,
        disabled_reason: "OAuth invalid_grant: the refresh token was revoked",
      }),
    ]);
    expect(exported.accounts[0]).not.toHaveProperty("disabled_reason");

    const target = book().accounts;
    const entries = agateExportEntries("backup.json", JSON.parse(JSON.stringify(exported)));
    expect(importAccounts(target, entries).added).toHaveLength(3);
    const state = (list: AccountBook) =>
      list.list().map(({ id, enabled, disabledReason }) => ({ id, enabled, disabledReason }));
    expect(state(target)).toEqual(state(accounts));
    expect(importAccounts(target, entries)).toMatchObject({ added: [], updated: [] });
  });
});
