import type { IncomingHttpHeaders } from "node:http";
import { ApiKeyChecker, extractApiKey, presentedKeyIndex } from "../server/auth.js";

/**
 * Names the client key a request carried without revealing it: `key-N` for the Nth of api_keys (compared in
 * constant time), null when it carried none or one agate does not know (auth off). A request that passed
 * the key check is named from that check's answer.
 */
export class ClientKeyLabels {
  private readonly checker: ApiKeyChecker | undefined;

  constructor(keys: readonly string[]) {
    this.checker = keys.length === 0 ? undefined : new ApiKeyChecker(keys);
  }

  labelOf(headers: IncomingHttpHeaders): string | null {
    if (this.checker === undefined) return null;
    let index = presentedKeyIndex(headers);
    if (index === undefined) {
      const key = extractApiKey(headers);
      if (key === undefined) return null;
      index = this.checker.indexOf(key);
    }
    return index < 0 ? null : `key-${index + 1}`;
  }
}
