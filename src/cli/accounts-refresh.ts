import { AccountCheck } from "../accounts/account-check.js";
import { isUsable } from "../pool/account.js";
import { type AccountsFlags, withAccountsStore } from "./accounts-store.js";
import { print } from "./accounts-views.js";

/**
 * `agate accounts refresh [ID...]`: for each account (all that are on, when none is named) a new OAuth
 * token, its project, model list and quota, now. Exit code 1 when any account failed.
 */
export async function refreshAccountsCommand(references: string[], flags: AccountsFlags): Promise<void> {
  const failed = await withAccountsStore(flags, async (store) => {
    const accounts =
      references.length > 0
        ? references.map((reference) => store.book.resolve(reference))
        : store.book.list().filter(isUsable);
    if (accounts.length === 0) {
      print("No account is on; nothing to refresh.");
      return 0;
    }
    const check = new AccountCheck(store.config, store.db, store);
    let failures = 0;
    try {
      for (const account of accounts) {
        const result = await check.check(account, { renewToken: true });
        const name = `${account.id} "${account.label}"`;
        if (result.ok) {
          const project = result.projectId === undefined ? "" : `, project ${result.projectId}`;
          const quota = result.quota
            .filter((entry) => entry.remainingFraction !== undefined)
            .map((entry) => `${entry.model} ${Math.round((entry.remainingFraction ?? 0) * 100)}%`);
          print(
            `${name}: ok, ${result.models} models${project}${quota.length > 0 ? `; quota left: ${quota.join(", ")}` : ""}`,
          );
        } else {
          failures++;
          print(
            `${name}: failed: ${result.error}${result.turnedOff ? " (account turned off; sign it in again)" : ""}`,
          );
        }
      }
    } finally {
      await check.close();
    }
    return failures;
  });
  if (failed > 0) process.exitCode = 1;
}
