// `npm run build`, server part: bundles the CLI and everything it imports into dist/cli/ (one file per
// lazily loaded command, shared code in chunks beside them), so starting agate reads a few files instead of
// hundreds of modules. Packages that cannot be bundled stay imports.
import { rmSync } from "node:fs";
import { build } from "rolldown";

const root = new URL("../", import.meta.url);

rmSync(new URL("dist/", root), { recursive: true, force: true });
await build({
  cwd: root.pathname,
  input: { main: "src/cli/main.ts" },
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
    format: "esm",
    chunkFileNames: "[name]-[hash].js",
    sourcemap: true,
    // Less to parse at start-up; names kept, as logs and errors show class names (err.type, error.name).
    minify: true,
    keepNames: true,
  },
});
