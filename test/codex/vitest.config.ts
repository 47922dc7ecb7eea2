import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** Only the Codex CLI end-to-end test (`npm run test:codex`); the default run excludes test/codex. */
export default defineConfig({
  root: fileURLToPath(new URL("../..", import.meta.url)),
  test: {
    include: ["test/codex/**/*.e2e.ts"],
    environment: "node",
    testTimeout: 180_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
