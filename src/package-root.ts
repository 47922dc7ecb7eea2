import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * agate's own directory (the one holding its package.json), searched upward from this module, so it is the
 * same whether the code runs from src/ (tests) or bundled into dist/cli/.
 */
export function packageRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, "package.json"))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error("agate's package.json was not found");
    directory = parent;
  }
  return directory;
}
