// What a request-log flush costs by batch size: µs per row, and how long one flush holds the event loop.
// `node bench/request-log-batch.mjs` after `npm run build`. The table is agate's own: the built CLI creates a
// store (`agate accounts list` in a fresh AGATE_HOME), and the rows go in with the same pragmas and the same
// positional INSERT as src/store/request-log-repository.ts (its values spread as arguments), one transaction
// per batch, each INSERT carrying up to BENCH_BATCH_PER_INSERT rows (1 and 16, compared: the repository uses
// 16). Knobs: BENCH_BATCH_SIZES (16,64,128,256,500), BENCH_BATCH_PER_INSERT (1,16), BENCH_BATCH_ROWS (40000
// per size and round), BENCH_BATCH_ROUNDS (3).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { markdownTable } from "./lib/report.mjs";
import { median } from "./lib/stats.mjs";

const SIZES = (process.env.BENCH_BATCH_SIZES ?? "16,64,128,256,500").split(",").map(Number);
const PER_INSERT = (process.env.BENCH_BATCH_PER_INSERT ?? "1,16").split(",").map(Number);
const ROWS = Number(process.env.BENCH_BATCH_ROWS ?? 40_000);
const ROUNDS = Number(process.env.BENCH_BATCH_ROUNDS ?? 3);
const main = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));

const home = mkdtempSync(join(tmpdir(), "agate-batch-"));
try {
  execFileSync(process.execPath, [main, "accounts", "list"], { env: { ...process.env, AGATE_HOME: home } });
  const db = new Database(join(home, "agate.db"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  const columns = db
    .prepare("SELECT name FROM pragma_table_info('request_log') WHERE name <> 'seq'")
    .all()
    .map(({ name }) => name);
  const row = `(${columns.map(() => "?").join(", ")})`;
  const inserts = new Map();
  const insertOf = (rows) => {
    if (!inserts.has(rows)) {
      inserts.set(
        rows,
        db.prepare(
          `INSERT INTO request_log (${columns.join(", ")}) VALUES ${Array(rows).fill(row).join(", ")}`,
        ),
      );
    }
    return inserts.get(rows);
  };
  const write = db.transaction((rows, perInsert) => {
    for (let start = 0; start < rows.length; start += perInsert) {
      const group = rows.slice(start, start + perInsert);
      insertOf(group.length).run(...group.flat());
    }
  });
  let serial = 0;
  // A successful chat request, as the observability room records it (no bodies: log_bodies is off).
  const sample = {
    time: () => Date.now(),
    id: () => `req_${Date.now().toString(36)}${(serial++).toString(36).padStart(8, "0")}`,
    method: "POST",
    route: "/v1/chat/completions",
    requested_model: "gpt-4o-mini",
    mapped_model: "gemini-2.5-flash",
    account_id: "acct_0001",
    account_label: "key-1",
    attempts: 1,
    status: 200,
    error_type: "none",
    ttfb_ms: 0.61,
    total_ms: 0.74,
    overhead_ms: 0.21,
    prompt_tokens: 12,
    completion_tokens: 9,
    reasoning_tokens: 0,
    cached_tokens: 0,
    stream: 0,
  };
  const values = () =>
    columns.map((name) => {
      const value = sample[name];
      return typeof value === "function" ? value() : (value ?? null);
    });
  const shapes = SIZES.flatMap((size) => PER_INSERT.map((perInsert) => ({ size, perInsert })));
  const results = new Map(shapes.map((shape) => [shape, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const shape of shapes) {
      let ns = 0n;
      for (let done = 0; done < ROWS; done += shape.size) {
        const rows = Array.from({ length: shape.size }, values);
        const started = process.hrtime.bigint();
        write(rows, shape.perInsert);
        ns += process.hrtime.bigint() - started;
      }
      results
        .get(shape)
        .push({ perRowUs: Number(ns) / ROWS / 1000, perFlushMs: Number(ns) / (ROWS / shape.size) / 1e6 });
    }
  }
  db.close();
  const rows = shapes.map((shape) => {
    const measured = results.get(shape);
    return [
      String(shape.size),
      String(shape.perInsert),
      median(measured.map((m) => m.perRowUs)).toFixed(2),
      median(measured.map((m) => m.perFlushMs)).toFixed(2),
    ];
  });
  console.log(`${ROUNDS} rounds of ${ROWS} rows per batch size (medians), Node ${process.version}\n`);
  console.log(
    markdownTable(
      ["rows per flush", "rows per INSERT", "µs per row", "ms the event loop waits per flush"],
      rows,
    ),
  );
} finally {
  rmSync(home, { recursive: true, force: true });
}
