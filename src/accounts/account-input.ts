import type { z } from "zod";
import { type AccountConfig, accountConfigSchema } from "../config/schema.js";
import type { Account } from "../pool/account.js";
import { accountFromConfig } from "../pool/accounts-from-config.js";
import { invalidAccount } from "./account-errors.js";

/**
 * A new account from what a user typed (CLI flags, an admin API body, an imported file), in the shape of a
 * config-file entry: validated by the same schema, its secret checked for the usual mix-ups, and stored
 * with source "store". Extra fields: `email` (cloudcode).
 */
export function accountFromInput(input: unknown, extra: { email?: string } = {}): Account {
  const parsed = accountConfigSchema.safeParse(input);
  if (!parsed.success) throw invalidAccount(describeIssue(parsed.error), paramOf(parsed.error));
  checkSecretFormat(parsed.data);
  const account: Account = { ...accountFromConfig(parsed.data), source: "store" };
  if (extra.email !== undefined) {
    account.email = extra.email;
    if (parsed.data.label === undefined) account.label = extra.email;
  }
  return account;
}

const PRINTABLE = /^[\x21-\x7e]+$/;
const GOOGLE_API_KEY = /^AIza[0-9A-Za-z_-]{35}$/;
const SHORTEST_SECRET = 8;

/** Refuses secrets that cannot be right: blanks inside, too short, or another kind of Google credential. */
export function checkSecretFormat(declared: AccountConfig): void {
  if (declared.kind === "gemini") checkApiKey(declared.api_key, "api_key");
  else if (declared.kind === "cloudcode") checkRefreshToken(declared.refresh_token);
  else if (declared.api_key !== undefined) checkPrintable(declared.api_key, "api_key", "key");
}

function checkApiKey(key: string, param: string): void {
  if (key.startsWith("ya29."))
    throw invalidAccount("That is an OAuth access token, not a Gemini API key (AIza...).", param);
  if (key.startsWith("1//"))
    throw invalidAccount(
      "That looks like an OAuth refresh token: add it with `agate accounts add cloudcode --refresh-token`.",
      param,
    );
  checkPrintable(key, param, "key");
  if (key.startsWith("AIza") && !GOOGLE_API_KEY.test(key))
    throw invalidAccount(
      "A Google API key is 'AIza' and 35 more letters, digits, '-' or '_'; this one is cut or padded.",
      param,
    );
}

function checkRefreshToken(token: string): void {
  if (token.startsWith("AIza"))
    throw invalidAccount(
      "That is an API key: add it with `agate accounts add gemini --key`.",
      "refresh_token",
    );
  if (token.startsWith("ya29."))
    throw invalidAccount(
      "That is an OAuth access token, which expires within the hour; agate needs the refresh token (1//...).",
      "refresh_token",
    );
  checkPrintable(token, "refresh_token", "token");
}

function checkPrintable(secret: string, param: string, noun: string): void {
  if (!PRINTABLE.test(secret))
    throw invalidAccount(
      `The ${noun} holds spaces, line breaks or other characters no ${noun} has; check what was pasted.`,
      param,
    );
  if (secret.length < SHORTEST_SECRET)
    throw invalidAccount(`The ${noun} is too short (${secret.length} characters) to be real.`, param);
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return "The account is not valid.";
  const path = issue.path.join(".");
  if (issue.code === "unrecognized_keys")
    return `Unknown field(s) for this kind of account: ${issue.keys.join(", ")}.`;
  if (issue.code === "invalid_union") return 'kind: expected "gemini", "cloudcode" or "openai".';
  return path === "" ? issue.message : `${path}: ${issue.message}`;
}

function paramOf(error: z.ZodError): string | null {
  const issue = error.issues[0];
  if (issue === undefined || issue.path.length === 0) return null;
  return issue.path.join(".");
}
