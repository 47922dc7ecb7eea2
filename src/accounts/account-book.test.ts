import { describe, expect, it } from "vitest";
import type { AccountConfig } from "../config/schema.js";
import type { AgateError } from "../errors.js";
import { SqliteAccountsRepository } from "../store/accounts-repository.js";
import { openMemoryDatabase } from "../store/database.js";
import { AccountBook, withoutOnOff } from "./account-book.js";
import { accountFromInput } from "./account-input.js";

const cloudcode = (token: string, email: string, extra: Record<string, unknown> = {}) =>
  accountFromInput({ kind: "cloudcode", refresh_token: token, ...extra }, { email });

const gemini = (key: string, label?: string) =>
  accountFromInput({ kind: "gemini", api_key: key, ...(label === undefined ? {} : { label }) });

/** What `run` throws, as the admin API would answer it. */
function refusal(run: () => unknown): { status: number; code: string | null; param: string | null } {
  try {
    run();
  } catch (error) {
    const { status, code, param } = error as AgateError;
    return { status, code, param };
  }
  throw new Error("expected a refusal");
}

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

  it("add refuses a label another account has (stored or declared), naming the label", () => {
    const declared: AccountConfig[] = [
      { kind: "gemini", label: "file", api_key: "declared-key-1", enabled: true },
    ];
    const { accounts } = book(declared);
    const work = accounts.add(gemini("stored-key-0001", "work"));
    for (const label of ["work", "file"]) {
      expect(refusal(() => accounts.add(gemini("another-key-0002", label)))).toEqual({
        status: 409,
        code: "label_in_use",
        param: "label",
      });
      expect(() => accounts.add(gemini("another-key-0002", label))).toThrow(`The label '${label}'`);
    }
    expect(accounts.list()).toHaveLength(2);
    expect(accounts.resolve("work").id).toBe(work.id);
    // The same account again is still "already there", whatever its label.
    expect(refusal(() => accounts.add(gemini("stored-key-0001", "work"))).code).toBe("account_exists");
    // Without a label an account is labelled with its id, which no other account has.
    expect(accounts.add(gemini("another-key-0003")).label).toMatch(/^gemini-/);
  });

  it("merge: a new account whose label is taken is labelled with its id; an update keeps its own label", () => {
    const { accounts } = book();
    const ann = accounts.add(cloudcode("1//token-ann-aaaa", "ann@example.com", { label: "team" }));
    const bob = accounts.merge(cloudcode("1//token-bob-bbbb", "bob@example.com", { label: "team" }));
    expect(bob.outcome).toBe("added");
    expect(bob.account.label).toBe(bob.account.id);
    expect(bob.note).toBe(`the label 'team' already names ${ann.id}, so it is labelled ${bob.account.id}`);
    expect(accounts.resolve("team").id).toBe(ann.id);

    const unchanged = accounts.merge(cloudcode("1//token-bob-bbbb", "bob@example.com", { label: "team" }));
    expect(unchanged).toMatchObject({ outcome: "skipped", account: { label: bob.account.id } });
    expect(unchanged.note).toBeUndefined();
    const carol = accounts.add(cloudcode("1//token-carol-dd", "carol@example.com", { label: "carol" }));
    const renewed = accounts.merge(cloudcode("1//token-carol-ee", "carol@example.com", { label: "team" }));
    expect(renewed.outcome).toBe("updated");
    expect(renewed.account).toMatchObject({ id: carol.id, label: "carol" });
    expect(renewed.note).toBe(`the label 'team' already names ${ann.id}, so it keeps 'carol'`);
    expect(accounts.merge(cloudcode("1//token-ann-aaaa", "ann@example.com", { label: "team" })).note).toBe(
      undefined,
    );
    expect(new Set(accounts.list().map((account) => account.label)).size).toBe(3);
  });

  it("merge: an account whose source says nothing of on or off keeps the state it has; one that does sets it", () => {
    const { accounts, repository } = book();
    const silent = (token: string) => withoutOnOff(cloudcode(token, "me@example.com"));
    const added = accounts.merge(silent("1//token-one-aaaa"));
    expect(added.account.enabled).toBe(true);
    accounts.disable(added.account.id, "x");
    const off = { enabled: false, disabledReason: "turned off by its owner: x" };

    expect(accounts.merge(silent("1//token-one-aaaa")).outcome).toBe("skipped");
    expect(accounts.merge(silent("1//token-two-bbbb"))).toMatchObject({ outcome: "updated", account: off });
    expect(repository.list()).toEqual([expect.objectContaining(off)]);

    const stated = { ...cloudcode("1//token-two-bbbb", "me@example.com"), enabled: false };
    accounts.enable(added.account.id);
    expect(accounts.merge(stated)).toMatchObject({ outcome: "updated", account: { enabled: false } });
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
