import { z } from "zod";
import { withoutOnOff } from "../account-book.js";
import { accountFromInput } from "../account-input.js";
import { entryFrom, type ImportEntry } from "./import-entry.js";

/** The Gemini CLI's `~/.gemini/oauth_creds.json` (upstreams.md §C). Unknown fields are ignored. */
export const geminiCliCredentialsSchema = z.looseObject({
  access_token: z.string().nullish(),
  refresh_token: z.string().min(1),
  /** Epoch milliseconds. */
  expiry_date: z.number().nullish(),
  id_token: z.string().nullish(),
});

export const looksLikeGeminiCliCredentials = (value: unknown): boolean =>
  typeof value === "object" && value !== null && "refresh_token" in value && !("token" in value);

export function geminiCliEntry(origin: string, value: unknown, now: number): ImportEntry {
  return entryFrom(origin, () => {
    const parsed = geminiCliCredentialsSchema.safeParse(value);
    if (!parsed.success) return { skip: "not a Gemini CLI oauth_creds.json (no refresh_token)" };
    const creds = parsed.data;
    const email = emailFromIdToken(creds.id_token);
    const account = accountFromInput(
      {
        kind: "cloudcode",
        ...(email === undefined ? { label: "gemini-cli" } : {}),
        refresh_token: creds.refresh_token,
      },
      email === undefined ? {} : { email },
    );
    const expiresAt = creds.expiry_date ?? 0;
    return {
      // The file says nothing of being on or off: an account turned off here stays off.
      account: withoutOnOff(account),
      ...(creds.access_token && expiresAt > now
        ? { accessToken: { token: creds.access_token, expiresAt } }
        : {}),
    };
  });
}

/**
 * The `email` claim of an OpenID id_token, read without checking its signature: only to name the account
 * (and match it on a later import); nothing is trusted on its strength.
 */
export function emailFromIdToken(idToken: string | null | undefined): string | undefined {
  const payload = idToken?.split(".")[1];
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    if (typeof claims !== "object" || claims === null || !("email" in claims)) return undefined;
    return typeof claims.email === "string" && claims.email !== "" ? claims.email : undefined;
  } catch {
    return undefined;
  }
}
