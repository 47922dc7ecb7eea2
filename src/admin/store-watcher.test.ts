import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { openDatabase } from "../store/database.js";
import { StoreWatcher } from "./store-watcher.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

it("notices commits of another connection (another process), not its own", () => {
  const dir = mkdtempSync(join(tmpdir(), "agate-watch-"));
  const gateway = openDatabase(dir);
  const cli = openDatabase(dir);
  cleanups.push(() => {
    gateway.close();
    cli.close();
    rmSync(dir, { recursive: true, force: true });
  });
  let changes = 0;
  const watcher = new StoreWatcher(gateway, () => changes++);
  expect(watcher.check()).toBe(false);
  gateway.prepare("INSERT INTO store_meta (key, value) VALUES ('own', 'write')").run();
  expect(watcher.check()).toBe(false);
  cli.prepare("INSERT INTO store_meta (key, value) VALUES ('other', 'write')").run();
  expect(watcher.check()).toBe(true);
  expect(watcher.check()).toBe(false);
  expect(changes).toBe(1);
});
