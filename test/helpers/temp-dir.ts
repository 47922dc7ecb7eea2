import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, onTestFinished } from "vitest";

/** Directories made outside a test (at the top of a file, in a describe, in beforeAll): removed after the file. */
const forTheFile = new Set<string>();

// Registered when a test file first imports this module (vitest evaluates it again for each file), on the
// file's own suite; vitest runs afterAll hooks last-registered first, so this runs after the file's own
// afterAll hooks, which stop what may still write to these directories.
afterAll(() => {
  for (const dir of forTheFile) removeDir(dir);
  forTheFile.clear();
});

/**
 * A new directory in the OS temp dir, named `prefix` + random characters, that removes itself: made inside a
 * test or a beforeEach, when that test finishes (after its afterEach hooks); made anywhere else, after the
 * last test of the file. Stop the processes and stores that use it in an afterEach/afterAll, or in an
 * onTestFinished registered after this call.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    onTestFinished(() => removeDir(dir));
  } catch {
    // Not inside a test: vitest says so by throwing.
    forTheFile.add(dir);
  }
  return dir;
}

/**
 * Removes `dir` and all it holds, if it is still there. A process that has just been stopped may still be
 * finishing a write in it (an ENOTEMPTY race): it tries again a few times.
 */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
}
