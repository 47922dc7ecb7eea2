/** An upstream account as the pool sees it. Secrets live in `credentials` and are never logged. */
export type AccountKind = "gemini";

export interface AccountCredentials {
  apiKey: string;
}

export interface Account {
  id: string;
  kind: AccountKind;
  label: string;
  enabled: boolean;
  baseUrl?: string;
  credentials: AccountCredentials;
  /** Where the account was declared: the config file, the environment, or added at run time. */
  source: "config" | "env" | "store";
}
