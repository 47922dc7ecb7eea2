#!/usr/bin/env node
// The built entry, dist/cli/main.js. agate itself is one CommonJS bundle beside it (agate.cjs, built from
// main.ts), run here through vm.Script so that V8 reuses the code it compiled when `npm run build` started the
// server once (agate.cjs.cache, written by scripts/compile-cache.mjs): Node 20 has no module compile cache, and
// compiling is most of agate's start-up. A cache made by another Node version is rejected by V8, which then
// compiles as usual.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

type CommonJsWrapper = (
  exports: object,
  require: NodeJS.Require,
  module: { exports: object },
  filename: string,
  dirname: string,
) => void;

const bundle = fileURLToPath(new URL("./agate.cjs", import.meta.url));
const cacheFile = `${bundle}.cache`;

/**
 * The bundle is a function expression (its build wraps it: scripts/bundle.mjs), compiled from the text as it
 * is read, in a function so that this module keeps no reference to it: the script holds the one copy.
 */
function compile(): Script {
  return new Script(readFileSync(bundle, "utf8"), {
    filename: bundle,
    ...(existsSync(cacheFile) ? { cachedData: readFileSync(cacheFile) } : {}),
  });
}

const script = compile();
if (process.env.AGATE_RECORD_COMPILE_CACHE === "1") {
  process.once("exit", () => writeFileSync(cacheFile, script.createCachedData()));
}
const module = { exports: {} };
(script.runInThisContext() as CommonJsWrapper)(
  module.exports,
  createRequire(bundle),
  module,
  bundle,
  dirname(bundle),
);
