import { afterEach, expect, it } from "vitest";
import { tempDir } from "../../test/helpers/temp-dir.js";
import { openDatabase } from "../store/database.js";
import { StoreWatcher } from "./store-watcher.js";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

it("notices commits of another connection (another process), not its own", () => {
  const dir = tempDir("agate-watch-");
  const gateway = openDatabase(dir);
  const cli = openDatabase(dir);
  cleanups.push(() => {
    gateway.close();
    cli.close();
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
