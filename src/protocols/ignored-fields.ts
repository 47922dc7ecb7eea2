import { FirstSightings } from "../first-sightings.js";

/** Distinct names remembered at most: a client inventing a new name per request cannot grow this forever. */
const MAX_NAMES = 1_000;

/**
 * The top-level request fields a protocol does not read (contract §5: ignored, logged once at debug). Each
 * unknown name is reported the first time it is seen, then never again in this process.
 */
export class IgnoredFields {
  private readonly told = new FirstSightings(MAX_NAMES);
  private readonly known: ReadonlySet<string>;

  constructor(known: Iterable<string>) {
    this.known = new Set(known);
  }

  /** The unknown names in `body` not reported before (usually none). */
  newIn(body: unknown): string[] {
    const fresh: string[] = [];
    if (typeof body !== "object" || body === null || Array.isArray(body)) return fresh;
    for (const name of Object.keys(body)) {
      if (!this.known.has(name) && this.told.first(name)) fresh.push(name);
    }
    return fresh;
  }
}
