import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { extractApiKey } from "../server/auth.js";

const digest = (value: string): Buffer => createHash("sha256").update(value).digest();

/**
 * Names the client key a request carried without revealing it: `key-N` for the Nth of api_keys (compared in
 * constant time), null when it carried none or one agate does not know (auth off).
 */
export class ClientKeyLabels {
  private readonly digests: readonly Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(digest);
  }

  labelOf(headers: IncomingHttpHeaders): string | null {
    if (this.digests.length === 0) return null;
    const key = extractApiKey(headers);
    if (key === undefined) return null;
    const presented = digest(key);
    let found = -1;
    this.digests.forEach((expected, index) => {
      if (timingSafeEqual(presented, expected) && found === -1) found = index;
    });
    return found === -1 ? null : `key-${found + 1}`;
  }
}
