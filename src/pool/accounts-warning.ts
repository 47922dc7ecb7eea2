import { type Account, isUsable } from "./account.js";
import { accountsTurnedOff } from "./pool-support.js";

/**
 * What start-up should say of the accounts: none at all, none that can serve, or some that agate turned off
 * (a revoked refresh token; kept across restarts), which would otherwise go unnoticed until they are missed.
 */
export function accountsWarning(accounts: readonly Account[]): string | undefined {
  if (accounts.length === 0)
    return "No upstream account is configured: set GEMINI_API_KEY, declare accounts in the config file, or try `agate demo`.";
  if (!accounts.some(isUsable)) return accountsTurnedOff(accounts).message;
  const off = accounts.filter((account) => account.enabled && account.disabledReason !== undefined);
  if (off.length === 0) return undefined;
  const which = off.map((account) => `${account.label} (${account.disabledReason})`).join(", ");
  const [subject, verb] = off.length === 1 ? ["account is", "serves"] : ["accounts are", "serve"];
  return `${off.length} ${subject} turned off and ${verb} nothing: ${which}; \`agate accounts enable <id>\` turns one back on.`;
}
