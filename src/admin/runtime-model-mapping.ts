import { type ModelMappingRepository, setEntry } from "../store/model-mapping-repository.js";

export type Mapping = Record<string, string>;
export type MappingChanges = Record<string, string | null>;

/**
 * model_mapping as it stands at run time: the config file's mapping with the changes made through the admin
 * API laid over it (persisted, so they survive a restart). Every change is handed to `apply` (the router)
 * at once: the next request routes by it.
 */
export class RuntimeModelMapping {
  constructor(
    private readonly base: Readonly<Mapping>,
    private readonly repository: ModelMappingRepository,
    private readonly apply: (mapping: Readonly<Mapping>) => void = () => {},
  ) {}

  effective(): Mapping {
    return overlay(this.base, this.repository.overrides());
  }

  /** The changes over the config file: a target, or null for an entry of the file taken out. */
  overrides(): MappingChanges {
    return this.repository.overrides();
  }

  /** The config file's own mapping. */
  configured(): Mapping {
    return { ...this.base };
  }

  /** JSON merge patch: a target sets the pattern, null takes it out. */
  patch(changes: Readonly<MappingChanges>): Mapping {
    const next = { ...this.effective() };
    for (const [pattern, target] of Object.entries(changes)) {
      if (target === null) delete next[pattern];
      else setEntry(next, pattern, target);
    }
    return this.replace(next);
  }

  /** Makes the mapping exactly `mapping`, kept as the difference from the config file. */
  replace(mapping: Readonly<Mapping>): Mapping {
    const overrides: MappingChanges = {};
    for (const pattern of Object.keys(this.base))
      if (!Object.hasOwn(mapping, pattern)) setEntry<string | null>(overrides, pattern, null);
    for (const [pattern, target] of Object.entries(mapping))
      if (!Object.hasOwn(this.base, pattern) || this.base[pattern] !== target)
        setEntry<string | null>(overrides, pattern, target);
    this.repository.replace(overrides);
    return this.reload();
  }

  /** Back to the config file's mapping. */
  reset(): Mapping {
    this.repository.replace({});
    return this.reload();
  }

  /** Applies what the store holds (also after another process changed it). */
  reload(): Mapping {
    const mapping = this.effective();
    this.apply(mapping);
    return mapping;
  }
}

function overlay(base: Readonly<Mapping>, overrides: Readonly<MappingChanges>): Mapping {
  const mapping: Mapping = {};
  for (const [pattern, target] of Object.entries(base)) setEntry(mapping, pattern, target);
  for (const [pattern, target] of Object.entries(overrides)) {
    if (target === null) delete mapping[pattern];
    else setEntry(mapping, pattern, target);
  }
  return mapping;
}
