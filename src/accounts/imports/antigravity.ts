import { z } from "zod";
import type { Account } from "../../pool/account.js";
import { accountFromInput } from "../account-input.js";
import { entryFrom, type ImportEntry } from "./import-entry.js";

/**
 * One account file of the Antigravity desktop tools (`<data dir>/accounts/<id>.json`, upstreams.md §C):
 * a Google account on Cloud Code with its OAuth tokens. Unknown fields are ignored.
 */
export const antigravityAccountSchema = z.looseObject({
  id: z.string().optional(),
  email: z.string().min(1),
  name: z.string().nullish(),
  custom_label: z.string().nullish(),
  token: z.looseObject({
    access_token: z.string().nullish(),
    refresh_token: z.string().min(1),
    expiry_timestamp: z.number().nullish(),
    project_id: z.string().nullish(),
  }),
  disabled: z.boolean().nullish(),
  disabled_reason: z.string().nullish(),
  proxy_disabled: z.boolean().nullish(),
  proxy_disabled_reason: z.string().nullish(),
});

export const looksLikeAntigravityAccount = (value: unknown): boolean =>
  typeof value === "object" &&
  value !== null &&
  "token" in value &&
  typeof value.token === "object" &&
  value.token !== null &&
  "refresh_token" in value.token;

export function antigravityEntry(origin: string, value: unknown, now: number): ImportEntry {
  return entryFrom(origin, () => {
    const parsed = antigravityAccountSchema.safeParse(value);
    if (!parsed.success) return { skip: "not an Antigravity account file (no email or refresh token)" };
    const file = parsed.data;
    const account: Account = accountFromInput(
      {
        kind: "cloudcode",
        label: file.custom_label ?? file.email,
        refresh_token: file.token.refresh_token,
        ...(file.token.project_id ? { project_id: file.token.project_id } : {}),
      },
      { email: file.email },
    );
    const off = file.disabled === true || file.proxy_disabled === true;
    if (off) {
      account.enabled = false;
      const why = file.disabled === true ? file.disabled_reason : file.proxy_disabled_reason;
      account.disabledReason = `turned off in the Antigravity tools${why ? `: ${why}` : ""}`;
    }
    const expiresAt = (file.token.expiry_timestamp ?? 0) * 1000;
    const accessToken = file.token.access_token;
    return {
      account,
      ...(accessToken && expiresAt > now ? { accessToken: { token: accessToken, expiresAt } } : {}),
    };
  });
}
