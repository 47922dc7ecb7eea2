// `npm run build`, server part: bundles the CLI and everything it imports into one CommonJS file,
// dist/cli/agate.cjs, so starting agate reads one file instead of hundreds of modules, and builds its launcher
// dist/cli/main.js (src/cli/launch.ts), which runs the bundle with V8's code cache (scripts/compile-cache.mjs).
// Packages that cannot be bundled stay require() calls.
import { rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "rolldown";

const root = new URL("../", import.meta.url);
const cwd = fileURLToPath(root);

rmSync(new URL("dist/", root), { recursive: true, force: true });
await build({
  cwd,
  input: { agate: "src/cli/main.ts" },
  platform: "node",
  external: [
    // A native addon, found at run time next to its package.
    "better-sqlite3",
    // ws's optional native speed-ups: it carries on without them when they are absent.
    "bufferutil",
    "utf-8-validate",
  ],
  output: {
    dir: "dist/cli",
    format: "cjs",
    entryFileNames: "[name].cjs",
    // One file: a lazily imported command's code is compiled only when it runs (the code cache keeps only
    // what ran), and its modules are evaluated only when imported.
    codeSplitting: false,
    // Strict mode, as the ES modules it is built from.
    strict: true,
    // To read stack traces and profiles (bench/profile.mjs) in terms of the sources, which are in the repository.
    sourcemap: true,
    sourcemapExcludeSources: true,
    // Not minified: stack traces in logs and bug reports stay readable without the map. Minifying saved
    // ≈ 15 ms of the cold start (bench/cold-start.mjs, 9 runs side by side: 251 against 266 ms median).
    minify: false,
    // Scope hoisting renames clashing identifiers; class and function names must stay (err.type, logs).
    keepNames: true,
    // Non-ASCII characters escaped: V8 keeps a script's source as a string for as long as the script lives,
    // and one character beyond Latin-1 makes all of it two bytes per character (7 MB instead of 3.5).
    charset: "ascii",
    // Licences stay; doc comments are in the sources (the map points there) and cost parsing and memory here.
    comments: { legal: true, annotation: false, jsdoc: false },
    // The file is the function Node would wrap a CommonJS module in: the launcher compiles the text as it is
    // read, so that no second, wrapped copy of it is made.
    banner: "(function (exports, require, module, __filename, __dirname) {",
    footer: "})",
  },
});
await build({
  cwd,
  input: { main: "src/cli/launch.ts" },
  platform: "node",
  output: { dir: "dist/cli", format: "esm" },
});
