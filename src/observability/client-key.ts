import { createHmac } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { ClientKey } from "../config/client-keys.js";
import { ApiKeyChecker, extractApiKey, presentedKeyIndex } from "../server/auth.js";

/**
 * Names the client key a request carried without revealing it: the name the operator gave it in api_keys,
 * else `key-` and the first 8 hex digits of an HMAC-SHA256 of the key under the store's own salt
 * (client-key-salt.ts). Either way a key keeps its label when the list changes around it, so the request log
 * and the logs go on telling keys apart over time; and the label cannot be checked against a guessed key
 * without the store. Null when the request carried no key, or one agate does not know (auth off). A
 * request that passed the key check is named from that check's answer; labels are made once, here.
 */
export class ClientKeyLabels {
  private readonly checker: ApiKeyChecker | undefined;
  private readonly labels: readonly string[];

  constructor(keys: readonly ClientKey[], salt: Buffer) {
    this.checker = keys.length === 0 ? undefined : new ApiKeyChecker(keys.map((entry) => entry.key));
    this.labels = keys.map((entry) => entry.name ?? fingerprintLabel(entry.key, salt));
  }

  labelOf(headers: IncomingHttpHeaders): string | null {
    if (this.checker === undefined) return null;
    let index = presentedKeyIndex(headers);
    if (index === undefined) {
      const key = extractApiKey(headers);
      if (key === undefined) return null;
      index = this.checker.indexOf(key);
    }
    return this.labels[index] ?? null;
  }
}

/** `key-` and 8 hex digits of the key's HMAC under `salt`: enough to tell a team's keys apart. */
function fingerprintLabel(key: string, salt: Buffer): string {
  return `key-${createHmac("sha256", salt).update(key).digest("hex").slice(0, 8)}`;
}
