import { type AccountsFlags, withAccountsStore } from "./accounts-store.js";
import { renderAccountsTable } from "./accounts-table.js";
import { pickupNote, print, storeViews } from "./accounts-views.js";

export interface ListFlags extends AccountsFlags {
  json?: boolean;
}

/** `agate accounts list`: a table, or with --json the same objects as GET /admin/accounts. */
export async function listAccountsCommand(flags: ListFlags): Promise<void> {
  await withAccountsStore(flags, (store) => {
    const views = storeViews(store);
    print(flags.json === true ? JSON.stringify(views, null, 2) : renderAccountsTable(views, store.now()));
  });
}

export async function removeAccountCommand(reference: string, flags: AccountsFlags): Promise<void> {
  await withAccountsStore(flags, (store) => {
    const account = store.book.remove(reference);
    print(`Removed ${account.kind} account ${account.id} "${account.label}".`);
    print(pickupNote(store.config.accounts_reload_ms));
  });
}

export async function enableAccountCommand(reference: string, flags: AccountsFlags): Promise<void> {
  await withAccountsStore(flags, (store) => {
    const account = store.book.enable(reference);
    print(`Turned on ${account.kind} account ${account.id} "${account.label}".`);
    print(pickupNote(store.config.accounts_reload_ms));
  });
}

export async function disableAccountCommand(
  reference: string,
  flags: AccountsFlags & { reason?: string },
): Promise<void> {
  await withAccountsStore(flags, (store) => {
    const account = store.book.disable(reference, flags.reason);
    print(`Turned off ${account.kind} account ${account.id} "${account.label}".`);
    print(pickupNote(store.config.accounts_reload_ms));
  });
}
