import { createHash } from "node:crypto";
import type { AccountConfig } from "../config/schema.js";
import type { AccountsRepository } from "../store/accounts-repository.js";
import type { Account } from "./account.js";

/** A stable id from the kind and the secret's hash, so the same account declared twice is one account. */
export function accountIdFor(kind: string, secret: string): string {
  return `${kind}-${createHash("sha256").update(`${kind}\0${secret}`).digest("hex").slice(0, 10)}`;
}

export function accountFromConfig(declared: AccountConfig): Account {
  const id = accountIdFor(declared.kind, declared.api_key);
  const source = declared.label === "env:GEMINI_API_KEY" ? "env" : "config";
  const account: Account = {
    id,
    kind: declared.kind,
    label: declared.label ?? id,
    enabled: declared.enabled,
    credentials: { apiKey: declared.api_key },
    source,
  };
  if (declared.base_url !== undefined) account.baseUrl = declared.base_url;
  return account;
}

/**
 * Makes the store hold exactly the accounts the config file and environment declare (accounts added at run
 * time are left alone), then returns every account.
 */
export function syncDeclaredAccounts(
  repository: AccountsRepository,
  declared: readonly AccountConfig[],
): Account[] {
  const bySource = { config: new Set<string>(), env: new Set<string>() };
  for (const entry of declared) {
    const account = accountFromConfig(entry);
    repository.upsert(account);
    if (account.source === "env") bySource.env.add(account.id);
    else bySource.config.add(account.id);
  }
  repository.pruneSource("config", bySource.config);
  repository.pruneSource("env", bySource.env);
  return repository.list();
}
