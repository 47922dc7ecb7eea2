import { accountFromInput } from "../accounts/account-input.js";
import { fingerprintOf } from "../accounts/fingerprint.js";
import type { Account } from "../pool/account.js";
import { type AccountsFlags, withAccountsStore } from "./accounts-store.js";
import { pickupNote, print, warnWithoutOAuthClient } from "./accounts-views.js";
import { readSecret } from "./secret-input.js";

interface CommonFlags extends AccountsFlags {
  label?: string;
  proxyUrl?: string;
  maxConcurrent?: number;
}

export interface GeminiFlags extends CommonFlags {
  key?: string;
  baseUrl?: string;
}

export interface OpenAIFlags extends CommonFlags {
  key?: string;
  baseUrl: string;
  models?: string[];
}

export interface CloudCodeFlags extends CommonFlags {
  refreshToken?: string;
  project?: string;
  baseUrl?: string[];
}

const common = (flags: CommonFlags) => ({
  ...(flags.label === undefined ? {} : { label: flags.label }),
  ...(flags.proxyUrl === undefined ? {} : { proxy_url: flags.proxyUrl }),
  ...(flags.maxConcurrent === undefined ? {} : { max_concurrent: flags.maxConcurrent }),
});

/** `agate accounts add gemini`: an API-key account; the key from --key, standard input or a prompt. */
export async function addGeminiCommand(flags: GeminiFlags): Promise<void> {
  const key = await readSecret({ flag: flags.key, what: "Gemini API key", required: true });
  await addAccount(flags, {
    kind: "gemini",
    api_key: key,
    ...common(flags),
    ...(flags.baseUrl === undefined ? {} : { base_url: flags.baseUrl }),
  });
}

/** `agate accounts add openai`: an OpenAI-compatible server; its key (if it needs one) from --key or a prompt. */
export async function addOpenAICommand(flags: OpenAIFlags): Promise<void> {
  const key = await readSecret({ flag: flags.key, what: "API key of that server", required: false });
  await addAccount(flags, {
    kind: "openai",
    base_url: flags.baseUrl,
    ...(key === undefined ? {} : { api_key: key }),
    ...common(flags),
    ...(flags.models === undefined ? {} : { models: flags.models }),
  });
}

/** `agate accounts add cloudcode`: a Google account by its refresh token (`login` gets one by signing in). */
export async function addCloudCodeCommand(flags: CloudCodeFlags): Promise<void> {
  const token = await readSecret({ flag: flags.refreshToken, what: "OAuth refresh token", required: true });
  await addAccount(flags, {
    kind: "cloudcode",
    refresh_token: token,
    ...common(flags),
    ...(flags.project === undefined ? {} : { project_id: flags.project }),
    ...(flags.baseUrl === undefined ? {} : { base_urls: flags.baseUrl }),
  });
}

async function addAccount(flags: AccountsFlags, input: Record<string, unknown>): Promise<void> {
  const account = accountFromInput(input);
  await withAccountsStore(flags, (store) => {
    store.book.add(account);
    print(`Added ${describe(account)}.`);
    warnWithoutOAuthClient(store, [account.kind]);
    print(pickupNote(store.config.accounts_reload_ms));
  });
}

export function describe(account: Account): string {
  const print = fingerprintOf(account);
  const secret = account.kind === "cloudcode" ? "refresh token" : "key";
  return `${account.kind} account ${account.id} "${account.label}" (${print === "none" ? `no ${secret}` : `${secret} ${print}`})`;
}
