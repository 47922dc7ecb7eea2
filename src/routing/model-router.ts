import { compareSpecificity, compileWildcard, isWildcard, type WildcardRule } from "./wildcard.js";

export type RouteSource = "mapping" | "mapping-wildcard" | "alias" | "alias-wildcard" | "unchanged";

export interface ModelRoute {
  requested: string;
  upstream: string;
  source: RouteSource;
  /** The key of the table entry that matched, when one did. */
  rule?: string;
}

/** How Google's APIs name a model as a resource: `models/{model}`. */
const RESOURCE_PREFIX = "models/";

interface Table {
  exact: Map<string, string>;
  wildcards: WildcardRule[];
}

function compileTable(entries: Readonly<Record<string, string>>): Table {
  const exact = new Map<string, string>();
  const wildcards: WildcardRule[] = [];
  for (const [pattern, target] of Object.entries(entries)) {
    if (isWildcard(pattern)) wildcards.push(compileWildcard(pattern, target));
    else exact.set(pattern, target);
  }
  wildcards.sort(compareSpecificity);
  return { exact, wildcards };
}

/**
 * Turns the client's model name into the upstream model (contract §4): exact key of model_mapping >
 * most specific wildcard of model_mapping > built-in aliases (exact, then wildcard) > the name unchanged
 * (a `models/…` resource name that no rule names whole is routed by its bare name).
 * Patterns are compiled once, when the router is built.
 */
export class ModelRouter {
  private mapping: Table;
  private readonly aliases: Table;

  constructor(mapping: Readonly<Record<string, string>>, aliases: Readonly<Record<string, string>>) {
    this.mapping = compileTable(mapping);
    this.aliases = compileTable(aliases);
  }

  /** Swaps in a new model_mapping (the admin API changes it at run time); aliases stay. */
  setMapping(mapping: Readonly<Record<string, string>>): void {
    this.mapping = compileTable(mapping);
  }

  route(requested: string): ModelRoute {
    const found =
      lookup(this.mapping, requested, "mapping", "mapping-wildcard") ??
      lookup(this.aliases, requested, "alias", "alias-wildcard");
    if (found !== undefined) return found;
    // A Gemini model written as its resource name (`models/gemini-2.5-flash`, as Google's docs and SDKs
    // name it) is the bare name: mapped as that, else sent as that (the upstream path adds `models/`).
    if (requested.startsWith(RESOURCE_PREFIX) && requested.length > RESOURCE_PREFIX.length)
      return { ...this.route(requested.slice(RESOURCE_PREFIX.length)), requested };
    return { requested, upstream: requested, source: "unchanged" };
  }

  /** The exact (non-wildcard) names clients may ask for: mapping keys and alias keys. */
  exactNames(): string[] {
    return [...this.mapping.exact.keys(), ...this.aliases.exact.keys()];
  }
}

function lookup(
  table: Table,
  requested: string,
  exactSource: RouteSource,
  wildcardSource: RouteSource,
): ModelRoute | undefined {
  const exact = table.exact.get(requested);
  if (exact !== undefined) return { requested, upstream: exact, source: exactSource, rule: requested };
  for (const rule of table.wildcards) {
    if (rule.regex.test(requested)) {
      return { requested, upstream: rule.target, source: wildcardSource, rule: rule.pattern };
    }
  }
  return undefined;
}
