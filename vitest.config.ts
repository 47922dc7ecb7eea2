import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The Codex CLI end-to-end test runs only with `npm run test:codex` (its CLI weighs ~420 MB).
    exclude: [...configDefaults.exclude, "test/codex/**"],
    environment: "node",
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
