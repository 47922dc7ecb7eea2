import { type Config, configSchema } from "../../src/config/schema.js";

/** A validated config for tests: defaults, a throwaway data_dir, quiet logs, plus the given overrides. */
export function testConfig(overrides: Record<string, unknown> = {}): Config {
  return Object.freeze(
    configSchema.parse({ data_dir: "/nonexistent/agate-test", log_level: "silent", ...overrides }),
  );
}
