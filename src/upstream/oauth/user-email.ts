import type { Dispatcher } from "undici";
import { callUpstream } from "../upstream-call.js";

/**
 * The email of the Google account an access token belongs to (userinfo, upstreams.md §C), or undefined
 * when userinfo does not say it (no email scope, a refusal, a network failure): only a name, never needed.
 */
export async function readUserEmail(
  dispatcher: Dispatcher,
  userinfoUrl: string,
  accessToken: string,
  signal: AbortSignal,
): Promise<string | undefined> {
  const url = new URL(userinfoUrl);
  try {
    const response = await callUpstream(dispatcher, {
      origin: url.origin,
      path: url.pathname + url.search,
      method: "GET",
      headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
      signal,
    });
    const text = await response.body.text();
    if (response.statusCode !== 200) return undefined;
    const email: unknown = (JSON.parse(text) as { email?: unknown } | null)?.email;
    return typeof email === "string" && email !== "" ? email : undefined;
  } catch {
    return undefined;
  }
}
