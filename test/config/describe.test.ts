import { describe, expect, it } from "vitest";
import { describeConfig, renderConfigTable } from "../../src/config/describe.js";
import { accountConfigSchema, configSchema } from "../../src/config/schema.js";

const schemaKeys = Object.keys(configSchema.shape);

describe("describeConfig", () => {
  it("lists every key of the schema, in order", () => {
    expect(describeConfig().map((entry) => entry.key)).toEqual(schemaKeys);
  });

  it("gives each key its env variable, default, type and description", () => {
    const byKey = new Map(describeConfig().map((entry) => [entry.key, entry]));
    expect(byKey.get("port")).toEqual({
      key: "port",
      type: "integer",
      default: "8045",
      env: "AGATE_PORT",
      description: "TCP port agate listens on.",
    });
    expect(byKey.get("auth_mode")?.type).toBe('"off" | "strict" | "all_except_health" | "auto"');
    expect(byKey.get("auth_mode")?.default).toBe('"auto"');
    expect(byKey.get("api_keys")?.type).toBe("(string | object)[]");
    expect(byKey.get("model_mapping")?.type).toBe("Record<string, string>");
    expect(byKey.get("host")?.default).toBe("");
    for (const entry of describeConfig()) expect(entry.description, entry.key).not.toBe("");
  });

  it("says how long a secret with a minimum length must be", () => {
    const byKey = new Map(describeConfig().map((entry) => [entry.key, entry]));
    for (const key of ["admin_key", "compaction_secret", "secret_key"])
      expect(byKey.get(key)?.description, key).toContain("At least 16 characters.");
  });

  it("every account key has a description too", () => {
    for (const kind of accountConfigSchema.options) {
      for (const [key, schema] of Object.entries(kind.shape)) {
        expect(schema.description, `${kind.shape.kind.value}.${key}`).toBeTruthy();
      }
    }
  });
});

describe("renderConfigTable", () => {
  const table = renderConfigTable();
  const lines = table.split("\n");

  it("has the columns Key | Default | Env | Description", () => {
    expect(lines[0]).toBe("| Key | Default | Env | Description |");
    expect(lines[1]).toBe("|---|---|---|---|");
  });

  it("has one row per key of the schema", () => {
    expect(lines).toHaveLength(schemaKeys.length + 2);
    for (const key of schemaKeys) {
      expect(table).toContain(`| \`${key}\` |`);
      expect(table).toContain(`\`AGATE_${key.toUpperCase()}\``);
    }
  });

  it("keeps every row at four cells", () => {
    for (const line of lines.slice(2)) {
      expect(line.replace(/\\\|/g, "").split("|")).toHaveLength(6);
    }
  });

  it("summarises the long alias table", () => {
    expect(table).toMatch(/\| `model_aliases` \| `\{\d+ entries\}` \|/);
  });
});
