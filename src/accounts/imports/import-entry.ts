import type { IncomingAccount } from "../account-book.js";

/** One account found in an import source, or why it was passed over. */
export interface ImportEntry {
  /** Where it came from, for the report: a file name, or a file and a position in it. */
  origin: string;
  /** Without `enabled` when the source says nothing of the account being on or off. */
  account?: IncomingAccount;
  /** A still-valid access token the file held, so the account need not refresh at once. */
  accessToken?: { token: string; expiresAt: number };
  /** Why nothing is imported from here. */
  skip?: string;
}

/** Builds an entry, turning a refusal (bad token format, missing field) into a skip with its message. */
export function entryFrom(origin: string, build: () => Omit<ImportEntry, "origin">): ImportEntry {
  try {
    return { origin, ...build() };
  } catch (error) {
    return { origin, skip: error instanceof Error ? error.message : String(error) };
  }
}
