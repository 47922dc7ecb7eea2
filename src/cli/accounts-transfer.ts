import { chmodSync, writeFileSync } from "node:fs";
import { exportAccounts } from "../accounts/imports/agate-export.js";
import {
  type ImportedAccount,
  type ImportReport,
  importAccounts,
} from "../accounts/imports/import-accounts.js";
import { readImportSource } from "../accounts/imports/read-import-source.js";
import { SqliteOAuthStateRepository } from "../store/oauth-state-repository.js";
import { type AccountsFlags, withAccountsStore } from "./accounts-store.js";
import { pickupNote, print, warnWithoutOAuthClient } from "./accounts-views.js";

/**
 * `agate accounts import PATH`: Antigravity-tools account files, a Gemini CLI oauth_creds.json, or an agate
 * export. Idempotent; says what it added, updated and skipped.
 */
export async function importAccountsCommand(
  path: string,
  flags: AccountsFlags & { json?: boolean },
): Promise<void> {
  await withAccountsStore(flags, (store) => {
    const source = readImportSource(path, store.now());
    const tokens = new SqliteOAuthStateRepository(store.db, store.now, store.codec);
    const report = importAccounts(store.book, source.entries, tokens);
    if (flags.json === true) {
      print(JSON.stringify({ format: source.format, ...report }, null, 2));
      return;
    }
    print(renderReport(source.format, path, report));
    warnWithoutOAuthClient(
      store,
      source.entries.flatMap((entry) => (entry.account === undefined ? [] : [entry.account.kind])),
    );
    if (report.added.length + report.updated.length > 0) print(pickupNote(store.config.accounts_reload_ms));
  });
}

const FORMAT_NAMES = { antigravity: "Antigravity tools", "gemini-cli": "Gemini CLI", agate: "agate export" };

function renderReport(format: keyof typeof FORMAT_NAMES, path: string, report: ImportReport): string {
  const lines = [
    `${FORMAT_NAMES[format]} (${path}): ${report.added.length} added, ${report.updated.length} updated, ${report.skipped.length} skipped`,
  ];
  const noted = (item: ImportedAccount) => (item.note === undefined ? "" : `: ${item.note}`);
  for (const item of report.added)
    lines.push(`  added    ${item.id}  ${item.label}  (${item.origin})${noted(item)}`);
  for (const item of report.updated)
    lines.push(`  updated  ${item.id}  ${item.label}  (${item.origin})${noted(item)}`);
  for (const item of report.skipped)
    lines.push(`  skipped  ${item.id === undefined ? "" : `${item.id}  `}${item.origin}: ${item.reason}`);
  return lines.join("\n");
}

/**
 * `agate accounts export [--with-secrets] [-o FILE]`: every account in agate's export format, to a file
 * (mode 0600) or standard output. Keys and tokens only with --with-secrets.
 */
export async function exportAccountsCommand(
  flags: AccountsFlags & { withSecrets?: boolean; output?: string },
): Promise<void> {
  await withAccountsStore(flags, (store) => {
    const exported = exportAccounts(store.book.list(), flags.withSecrets === true, store.now());
    const text = `${JSON.stringify(exported, null, 2)}\n`;
    if (flags.output === undefined) {
      process.stdout.write(text);
      return;
    }
    writeFileSync(flags.output, text, { mode: 0o600 });
    chmodSync(flags.output, 0o600);
    process.stderr.write(
      `Exported ${exported.accounts.length} account(s) to ${flags.output}${
        flags.withSecrets === true ? ", secrets included: keep the file safe" : " (no secrets)"
      }.\n`,
    );
  });
}
