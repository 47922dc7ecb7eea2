import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { DEFAULT_MODEL_ALIASES } from "../src/routing/aliases.js";
import { ModelRouter } from "../src/routing/model-router.js";

/** The README's alias table as [Gemini model, names in its row]. */
function aliasTable(): [string, string[]][] {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const table = /<!-- alias-table:start -->\n([\s\S]*?)\n<!-- alias-table:end -->/.exec(readme)?.[1];
  expect(table, "README.md lost its alias-table markers").toBeDefined();
  const rows = (table ?? "").split("\n").slice(2);
  return rows.map((row) => {
    const [model = "", names = ""] = row.split("|").slice(1, 3);
    const quoted = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1] as string);
    return [quoted(model)[0] ?? "", quoted(names)];
  });
}

const router = new ModelRouter({}, DEFAULT_MODEL_ALIASES);

it("every name in the README's alias table goes to the Gemini model of its row", () => {
  for (const [model, names] of aliasTable()) {
    for (const name of names) {
      if (name.includes("*")) expect(DEFAULT_MODEL_ALIASES[name], name).toBe(model);
      else expect(router.route(name), name).toMatchObject({ upstream: model });
    }
  }
});

it("the README's alias table names every exact alias (the ones GET /v1/models lists)", () => {
  const named = new Set(aliasTable().flatMap(([, names]) => names));
  const exact = Object.keys(DEFAULT_MODEL_ALIASES).filter((key) => !key.includes("*"));
  expect(exact.filter((key) => !named.has(key))).toEqual([]);
});
