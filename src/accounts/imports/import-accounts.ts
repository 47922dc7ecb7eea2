import type { OAuthStateRepository } from "../../store/oauth-state-repository.js";
import type { AccountBook } from "../account-book.js";
import type { ImportEntry } from "./import-entry.js";

export interface ImportedAccount {
  origin: string;
  id: string;
  label: string;
  /** Why it did not get the label its source gave it (another account has that label). */
  note?: string;
}

/** What an import did: idempotent, so a second run of the same source reports everything skipped. */
export interface ImportReport {
  added: ImportedAccount[];
  updated: ImportedAccount[];
  skipped: { origin: string; id?: string; label?: string; reason: string }[];
}

/**
 * Adds each found account, updates the one it already is (a newer token, other settings), skips what is
 * unchanged or unreadable. A still-valid access token from the file is kept, so the first request does not
 * need to refresh.
 */
export function importAccounts(
  book: AccountBook,
  entries: readonly ImportEntry[],
  tokens?: OAuthStateRepository,
): ImportReport {
  const report: ImportReport = { added: [], updated: [], skipped: [] };
  for (const entry of entries) {
    if (entry.account === undefined) {
      report.skipped.push({ origin: entry.origin, reason: entry.skip ?? "nothing to import" });
      continue;
    }
    const { outcome, account, note } = book.merge(entry.account);
    const item = { origin: entry.origin, id: account.id, label: account.label };
    if (outcome === "skipped") {
      const why = account.source === "store" ? "already there, unchanged" : "declared in the config file";
      report.skipped.push({ ...item, reason: why });
      continue;
    }
    report[outcome].push(note === undefined ? item : { ...item, note });
    if (entry.accessToken !== undefined)
      tokens?.saveToken(account.id, entry.accessToken.token, entry.accessToken.expiresAt);
  }
  return report;
}
