/** An upstream account as the pool sees it. Secrets live in `credentials` and are never logged. */
export type AccountKind = "gemini" | "cloudcode" | "openai";

export const ACCOUNT_KINDS: readonly AccountKind[] = ["gemini", "cloudcode", "openai"];

export interface AccountCredentials {
  /** gemini: the API key; openai: the bearer key ("" when the server needs none); cloudcode: "". */
  apiKey: string;
  /** cloudcode: the OAuth refresh token. */
  refreshToken?: string;
}

export interface Account {
  id: string;
  kind: AccountKind;
  label: string;
  enabled: boolean;
  /** gemini and openai: the base URL. */
  baseUrl?: string;
  credentials: AccountCredentials;
  /** Where the account was declared: the config file, the environment, or added at run time. */
  source: "config" | "env" | "store";
  /** HTTP(S) egress proxy for this account's traffic. */
  proxyUrl?: string;
  /** Requests in flight at once, at most (0 or absent: the global default). */
  maxConcurrent?: number;
  /** cloudcode: the declared project (else discovered). */
  projectId?: string;
  /** cloudcode: endpoints tried in order (else the configured default list). */
  baseUrls?: string[];
  /** openai: the models it serves, when declared (else its GET /models). */
  models?: string[];
  /** cloudcode: the Google account's email, when known (sign-in, imports); matches re-imports of the account. */
  email?: string;
  /**
   * Why the account is off: agate turned it off (e.g. its refresh token was revoked) or its owner did
   * (`agate accounts disable`); kept across restarts, cleared by `enable`.
   */
  disabledReason?: string;
}

/** Enabled by its owner and not turned off by agate. */
export const isUsable = (account: Account): boolean =>
  account.enabled && account.disabledReason === undefined;
