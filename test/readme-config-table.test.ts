import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { renderConfigTable } from "../src/config/describe.js";

it("the README's configuration table is the one the schema renders", () => {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const table = /<!-- config-table:start -->\n([\s\S]*?)\n<!-- config-table:end -->/.exec(readme)?.[1];
  expect(table, "README.md lost its config-table markers").toBeDefined();
  expect(table).toBe(renderConfigTable());
});
