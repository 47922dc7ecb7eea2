import { describe, expect, it } from "vitest";
import type { AccountConfig } from "../config/schema.js";
import { SqliteAccountsRepository } from "../store/accounts-repository.js";
import { openMemoryDatabase } from "../store/database.js";
import { AccountBook } from "./account-book.js";
import { accountFromInput } from "./account-input.js";

const cloudcode = (token: string, email: string, extra: Record<string, unknown> = {}) =>
  accountFromInput({ kind: "cloudcode", refresh_token: token, ...extra }, { email });

function book(declared: AccountConfig[] = []) {
  const repository = new SqliteAccountsRepository(openMemoryDatabase());
  let changes = 0;
  const accounts = new AccountBook(repository, declared, () => changes++);
  return { accounts, repository, changes: () => changes };
}

describe("AccountBook", () => {
  it("merge: the same token is skipped, the same Google email with a new token updates, keeping the id", () => {
    const { accounts, repository, changes } = book();
    const first = accounts.merge(cloudcode("1//token-one-aaaa", "me@example.com", { project_id: "p" }));
    expect(first.outcome).toBe("added");
    expect(
      accounts.merge(cloudcode("1//token-one-aaaa", "me@example.com", { project_id: "p" })).outcome,
    ).toBe("skipped");
    repository.setDisabledReason(first.account.id, "OAuth invalid_grant: revoked");
    const renewed = accounts.merge(cloudcode("1//token-two-bbbb", "me@example.com"));
    expect(renewed.outcome).toBe("updated");
    expect(renewed.account).toMatchObject({
      id: first.account.id,
      projectId: "p",
      credentials: { refreshToken: "1//token-two-bbbb" },
    });
    expect(renewed.account.disabledReason).toBeUndefined();
    expect(accounts.list()).toHaveLength(1);
    expect(changes()).toBe(2);
  });

  it("add refuses the same secret and the same Google account; resolve finds by id, label, email or prefix", () => {
    const { accounts } = book();
    const added = accounts.add(cloudcode("1//token-one-aaaa", "me@example.com", { label: "mine" }));
    expect(() => accounts.add(cloudcode("1//token-one-aaaa", "me@example.com"))).toThrow(/already there/);
    expect(() => accounts.add(cloudcode("1//token-new-cccc", "me@example.com"))).toThrow(
      /same Google account/,
    );
    for (const reference of [added.id, "mine", "me@example.com", added.id.slice(0, 13)])
      expect(accounts.resolve(reference).id).toBe(added.id);
    expect(() => accounts.resolve("cloudcode-")).not.toThrow();
    accounts.add(cloudcode("1//token-other-dddd", "you@example.com"));
    expect(() => accounts.resolve("cloudcode-")).toThrow(/names several accounts/);
    expect(() => accounts.resolve("nobody")).toThrow(/No account 'nobody'/);
  });

  it("disable outlives the config file's enabled flag; enable clears any reason", () => {
    const declared: AccountConfig[] = [
      { kind: "gemini", label: "file", api_key: "declared-key-1", enabled: true },
    ];
    const { accounts, repository } = book(declared);
    expect(accounts.list()[0]).toMatchObject({ source: "config", label: "file" });
    accounts.disable("file", "quota");
    expect(repository.list()[0]).toMatchObject({
      enabled: false,
      disabledReason: "turned off by its owner: quota",
    });
    expect(() => accounts.remove("file")).toThrow(/declared in the config file/);
    accounts.enable("file");
    expect(repository.list()[0]).toMatchObject({ enabled: true });
    expect(repository.list()[0]?.disabledReason).toBeUndefined();
  });
});
