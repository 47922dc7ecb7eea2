import { createHash } from "node:crypto";
import type { AccountConfig } from "../config/schema.js";
import type { AccountsRepository } from "../store/accounts-repository.js";
import type { Account } from "./account.js";

/** A stable id from the kind and the secret's hash, so the same account declared twice is one account. */
export function accountIdFor(kind: string, secret: string): string {
  return `${kind}-${createHash("sha256").update(`${kind}\0${secret}`).digest("hex").slice(0, 10)}`;
}

/** What identifies each kind of account: its API key, its refresh token, or its server and key. */
function identityOf(declared: AccountConfig): string {
  switch (declared.kind) {
    case "gemini":
      return declared.api_key;
    case "cloudcode":
      return declared.refresh_token;
    case "openai":
      return `${declared.base_url}\0${declared.api_key ?? ""}`;
  }
}

export function accountFromConfig(declared: AccountConfig): Account {
  const id = accountIdFor(declared.kind, identityOf(declared));
  const source = declared.label === "env:GEMINI_API_KEY" ? "env" : "config";
  const account: Account = {
    id,
    kind: declared.kind,
    label: declared.label ?? id,
    enabled: declared.enabled,
    credentials: { apiKey: "" },
    source,
  };
  if (declared.proxy_url !== undefined) account.proxyUrl = declared.proxy_url;
  if (declared.max_concurrent !== undefined) account.maxConcurrent = declared.max_concurrent;
  switch (declared.kind) {
    case "gemini":
      account.credentials.apiKey = declared.api_key;
      if (declared.base_url !== undefined) account.baseUrl = declared.base_url;
      break;
    case "cloudcode":
      account.credentials.refreshToken = declared.refresh_token;
      if (declared.project_id !== undefined) account.projectId = declared.project_id;
      if (declared.base_urls !== undefined) account.baseUrls = [...declared.base_urls];
      break;
    case "openai":
      account.baseUrl = declared.base_url;
      if (declared.api_key !== undefined) account.credentials.apiKey = declared.api_key;
      if (declared.models !== undefined) account.models = [...declared.models];
      break;
  }
  return account;
}

/**
 * Makes the store hold exactly the accounts the config file and environment declare (accounts added at run
 * time are left alone), then returns every account. A reason agate stored for turning an account off
 * (a revoked refresh token) survives: the same account declared again stays off.
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
