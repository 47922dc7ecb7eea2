// What a running gateway's watch of the store costs while another process writes to it, as the other workers
// of a cluster do all the time: the watcher's own code (src/admin/store-watcher.ts), with an onChange that
// re-reads the accounts (decrypting each, secret_key set) and the model mapping as src/admin/admin-room.ts
// does, bundled from src/ with rolldown, on a WAL file like agate's. Between two polls a second connection
// flushes a batch of request-log rows (the busy sibling); every BENCH_RELOAD_EVERY-th poll it also turns an
// account off or on (a change that matters). Printed per repository root: the polls that re-read, and the
// µs of a poll after a request-log flush alone and after an account change.
// `node bench/store-reload.mjs [repo root ...]` (no build needed; default: this repository). To compare with
// an older commit, check it out beside (`git worktree add /tmp/before <commit>`, `npm ci` there not needed:
// this repository's node_modules serve) and pass both roots. Knobs: BENCH_RELOAD_ACCOUNTS (50),
// BENCH_RELOAD_POLLS (2000 per round), BENCH_RELOAD_EVERY (100), BENCH_RELOAD_ROUNDS (3).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "rolldown";
import { markdownTable } from "./lib/report.mjs";
import { median, summary } from "./lib/stats.mjs";

const ACCOUNTS = Number(process.env.BENCH_RELOAD_ACCOUNTS ?? 50);
const POLLS = Number(process.env.BENCH_RELOAD_POLLS ?? 2_000);
const EVERY = Number(process.env.BENCH_RELOAD_EVERY ?? 100);
const ROUNDS = Number(process.env.BENCH_RELOAD_ROUNDS ?? 3);
const here = fileURLToPath(new URL("../", import.meta.url));
const roots = process.argv.length > 2 ? process.argv.slice(2).map((root) => resolve(root)) : [here];
// Inside this repository, so that every bundle finds better-sqlite3 in its node_modules.
mkdirSync(join(here, "node_modules/.cache"), { recursive: true });
const work = mkdtempSync(join(here, "node_modules/.cache/agate-reload-"));

/** The store and watcher modules of one root, as one ES module (better-sqlite3 stays a package). */
async function load(root, index) {
  const entry = join(work, `entry-${index}.ts`);
  const from = (path) => JSON.stringify(join(root, path));
  writeFileSync(
    entry,
    [
      `export { openDatabase } from ${from("src/store/database.ts")};`,
      `export { openSecretCodec } from ${from("src/store/secret-codec.ts")};`,
      `export { SqliteAccountsRepository } from ${from("src/store/accounts-repository.ts")};`,
      `export { SqliteModelMappingRepository } from ${from("src/store/model-mapping-repository.ts")};`,
      `export { AccountRegistry } from ${from("src/pool/account-registry.ts")};`,
      `export { RuntimeModelMapping } from ${from("src/admin/runtime-model-mapping.ts")};`,
      `export { StoreWatcher } from ${from("src/admin/store-watcher.ts")};`,
    ].join("\n"),
  );
  await build({
    cwd: here,
    input: entry,
    platform: "node",
    external: ["better-sqlite3"],
    logLevel: "silent",
    output: { dir: join(work, `out-${index}`), format: "esm", entryFileNames: "watch.mjs" },
  });
  return import(pathToFileURL(join(work, `out-${index}/watch.mjs`)).href);
}

const micros = (started) => Number(process.hrtime.bigint() - started) / 1e3;

/** One round on a fresh store: the polls that re-read, and the µs of each kind of poll. */
function round(code) {
  const dir = mkdtempSync(join(work, "store-"));
  const gateway = code.openDatabase(dir);
  const other = code.openDatabase(dir);
  try {
    const codec = code.openSecretCodec(gateway, "bench-secret-key-for-the-store-reload");
    const accounts = new code.SqliteAccountsRepository(gateway, Date.now, codec);
    for (let index = 0; index < ACCOUNTS; index++)
      accounts.upsert({
        id: `acct-${index}`,
        kind: "gemini",
        label: `account ${index}`,
        enabled: true,
        credentials: { apiKey: `AIza${String(index).padStart(35, "x")}` },
        source: "store",
      });
    const registry = new code.AccountRegistry(accounts.list(), accounts);
    const mapping = new code.RuntimeModelMapping(
      { "gpt-4o": "gemini-2.5-pro" },
      new code.SqliteModelMappingRepository(gateway),
    );
    let reloads = 0;
    const watcher = new code.StoreWatcher(gateway, () => {
      reloads++;
      registry.reload();
      mapping.reload();
    });
    const flush = other.prepare(
      `INSERT INTO request_log (id, time, method, route, attempts, status, error_type, total_ms, prompt_tokens,
         completion_tokens, reasoning_tokens, cached_tokens, stream)
       VALUES (?, ?, 'POST', '/v1/chat/completions', 1, 200, 'none', 40, 12, 30, 0, 0, 0)`,
    );
    const flushBatch = other.transaction((poll) => {
      for (let row = 0; row < 16; row++) flush.run(`req-${poll}-${row}`, Date.now());
    });
    const turn = other.prepare("UPDATE accounts SET enabled = ?, updated_at = ? WHERE id = 'acct-0'");
    const logOnly = [];
    const changed = [];
    for (let poll = 1; poll <= POLLS; poll++) {
      flushBatch(poll);
      const matters = poll % EVERY === 0;
      if (matters) turn.run((poll / EVERY) % 2, Date.now());
      const started = process.hrtime.bigint();
      watcher.check();
      (matters ? changed : logOnly).push(micros(started));
    }
    return { reloads, logOnly: median(logOnly), changed: median(changed) };
  } finally {
    gateway.close();
    other.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  const targets = [];
  for (const [index, root] of roots.entries()) targets.push({ root, code: await load(root, index) });
  const results = targets.map(() => []);
  round(targets[0].code); // Warm-up (JIT), untimed.
  for (let turn = 0; turn < ROUNDS; turn++)
    for (const [index, target] of targets.entries()) results[index].push(round(target.code));
  console.log(
    `${ACCOUNTS} accounts (secret_key set), ${POLLS} polls a round, each after a 16-row request-log flush by ` +
      `another connection, an account changed before every ${EVERY}th; ${ROUNDS} rounds, median (min–max)\n`,
  );
  console.log(
    markdownTable(
      ["root", "polls that re-read", "µs a poll, request log only", "µs a poll, account changed"],
      targets.map((target, index) => [
        target.root,
        summary(
          results[index].map((result) => result.reloads),
          0,
        ),
        summary(results[index].map((result) => result.logOnly)),
        summary(results[index].map((result) => result.changed)),
      ]),
    ),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
