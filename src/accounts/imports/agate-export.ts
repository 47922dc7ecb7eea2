import { z } from "zod";
import type { Account } from "../../pool/account.js";
import { accountFromInput } from "../account-input.js";
import { maskProxy } from "../account-view.js";
import { fingerprintOf } from "../fingerprint.js";
import { entryFrom, type ImportEntry } from "./import-entry.js";

/**
 * agate's own export (`agate accounts export`): every account with its settings and whether it is turned off
 * and why (by its owner, or by agate when its token was revoked); its key or refresh token
 * (and a proxy URL holding a password) only when exported `--with-secrets`. `agate accounts import` reads it
 * back, keeping the ids.
 */
export const EXPORT_FORMAT = "agate.accounts";

const exportedAccountSchema = z.looseObject({
  id: z.string().min(1),
  kind: z.enum(["gemini", "cloudcode", "openai"]),
  label: z.string().min(1),
  email: z.string().min(1).optional(),
  enabled: z.boolean().default(true),
  disabled_reason: z.string().min(1).optional(),
  base_url: z.string().optional(),
  base_urls: z.array(z.string()).optional(),
  project_id: z.string().optional(),
  proxy_url: z.string().optional(),
  max_concurrent: z.number().optional(),
  models: z.array(z.string()).optional(),
  api_key: z.string().optional(),
  refresh_token: z.string().optional(),
  fingerprint: z.string().optional(),
});

export const agateExportSchema = z.looseObject({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(1),
  exported_at: z.string().optional(),
  with_secrets: z.boolean(),
  accounts: z.array(z.unknown()),
});

export type ExportedAccount = z.infer<typeof exportedAccountSchema>;
export type AgateExport = z.infer<typeof agateExportSchema>;

export const looksLikeAgateExport = (value: unknown): boolean =>
  typeof value === "object" && value !== null && "format" in value && value.format === EXPORT_FORMAT;

export function exportAccounts(accounts: readonly Account[], withSecrets: boolean, now: number): AgateExport {
  return {
    format: EXPORT_FORMAT,
    version: 1,
    exported_at: new Date(now).toISOString(),
    with_secrets: withSecrets,
    accounts: accounts.map((account) => exportedAccount(account, withSecrets)),
  };
}

function exportedAccount(account: Account, withSecrets: boolean): ExportedAccount {
  const entry: ExportedAccount = {
    id: account.id,
    kind: account.kind,
    label: account.label,
    enabled: account.enabled,
    fingerprint: fingerprintOf(account),
  };
  if (account.disabledReason !== undefined) entry.disabled_reason = account.disabledReason;
  if (account.email !== undefined) entry.email = account.email;
  if (account.baseUrl !== undefined) entry.base_url = account.baseUrl;
  if (account.baseUrls !== undefined) entry.base_urls = [...account.baseUrls];
  if (account.projectId !== undefined) entry.project_id = account.projectId;
  if (account.maxConcurrent !== undefined) entry.max_concurrent = account.maxConcurrent;
  if (account.models !== undefined) entry.models = [...account.models];
  if (account.proxyUrl !== undefined && (withSecrets || maskProxy(account.proxyUrl) === account.proxyUrl))
    entry.proxy_url = account.proxyUrl;
  if (withSecrets) {
    if (account.kind === "cloudcode" && account.credentials.refreshToken !== undefined)
      entry.refresh_token = account.credentials.refreshToken;
    else if (account.kind !== "cloudcode" && account.credentials.apiKey !== "")
      entry.api_key = account.credentials.apiKey;
  }
  return entry;
}

export function agateExportEntries(file: string, value: unknown): ImportEntry[] {
  const parsed = agateExportSchema.safeParse(value);
  if (!parsed.success)
    return [{ origin: file, skip: "an agate export of another version, or damaged (format/version)" }];
  return parsed.data.accounts.map((item, index) =>
    entryFrom(`${file}#${index + 1}`, () => {
      const entry = exportedAccountSchema.safeParse(item);
      if (!entry.success) return { skip: "not an account entry (id, kind, label)" };
      return importedAccount(entry.data);
    }),
  );
}

function importedAccount(entry: ExportedAccount): Omit<ImportEntry, "origin"> {
  const secret = entry.kind === "cloudcode" ? entry.refresh_token : entry.api_key;
  const hadSecret =
    entry.kind !== "openai" || (entry.fingerprint !== undefined && entry.fingerprint !== "none");
  if (secret === undefined && hadSecret)
    return { skip: `${entry.id}: the export holds no secret (export it with --with-secrets)` };
  const common = {
    kind: entry.kind,
    label: entry.label,
    enabled: entry.enabled,
    ...(entry.proxy_url === undefined ? {} : { proxy_url: entry.proxy_url }),
    ...(entry.max_concurrent === undefined ? {} : { max_concurrent: entry.max_concurrent }),
  };
  const input =
    entry.kind === "gemini"
      ? { ...common, api_key: secret, ...(entry.base_url === undefined ? {} : { base_url: entry.base_url }) }
      : entry.kind === "cloudcode"
        ? {
            ...common,
            refresh_token: secret,
            ...(entry.project_id === undefined ? {} : { project_id: entry.project_id }),
            ...(entry.base_urls === undefined ? {} : { base_urls: entry.base_urls }),
          }
        : {
            ...common,
            base_url: entry.base_url,
            ...(secret === undefined ? {} : { api_key: secret }),
            ...(entry.models === undefined ? {} : { models: entry.models }),
          };
  const account = accountFromInput(input, entry.email === undefined ? {} : { email: entry.email });
  return {
    account: {
      ...account,
      id: entry.id,
      ...(entry.disabled_reason === undefined ? {} : { disabledReason: entry.disabled_reason }),
    },
  };
}
