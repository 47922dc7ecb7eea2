// What one turn of a conversation carried by `previous_response_id` costs the store, by the turn's place in the
// chain: the store's own code (src/store/responses-repository.ts and historyOf), bundled from src/ with rolldown,
// on a WAL file like agate's. Each turn reads its history the way POST /v1/responses does (historyOf over
// findChain), then saves itself (a short input item, a reasoning and a function-call output item, 12 echoed
// tools). Printed, by ranges of turns: the read and the save in µs (p50), and the bytes the process handed to
// write(2) per turn (/proc/self/io wchar: WAL frames and checkpoints). Then the first five reads of each
// range again with the cache of parsed links empty, as after a restart (a fresh repository over the same file).
// `node bench/responses-chain.mjs` (no build needed). Knobs: BENCH_CHAIN_TURNS (200), BENCH_CHAIN_ROUNDS (5).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "rolldown";
import { markdownTable } from "./lib/report.mjs";
import { median, percentiles } from "./lib/stats.mjs";

const TURNS = Number(process.env.BENCH_CHAIN_TURNS ?? 200);
const ROUNDS = Number(process.env.BENCH_CHAIN_ROUNDS ?? 5);
const root = fileURLToPath(new URL("../", import.meta.url));
// Inside the repository, so that the bundle finds better-sqlite3 in node_modules.
mkdirSync(join(root, "node_modules/.cache"), { recursive: true });
const work = mkdtempSync(join(root, "node_modules/.cache/agate-chain-"));

/** The store's modules as one ES module (better-sqlite3 stays a package). */
async function storeModule() {
  const entry = join(work, "entry.ts");
  writeFileSync(
    entry,
    [
      `export { openDatabase } from ${JSON.stringify(join(root, "src/store/database.ts"))};`,
      `export { SqliteResponsesRepository } from ${JSON.stringify(join(root, "src/store/responses-repository.ts"))};`,
      `export { historyOf } from ${JSON.stringify(join(root, "src/protocols/responses/stored-history.ts"))};`,
    ].join("\n"),
  );
  await build({
    cwd: root,
    input: entry,
    platform: "node",
    external: ["better-sqlite3"],
    logLevel: "silent",
    output: { dir: join(work, "out"), format: "esm", entryFileNames: "store.mjs" },
  });
  return import(pathToFileURL(join(work, "out/store.mjs")).href);
}

const tools = Array.from({ length: 12 }, (_, index) => ({
  type: "function",
  name: `tool_${index}`,
  description: "Does one thing to the workspace. ".repeat(8),
  parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
}));
const echo = { instructions: JSON.stringify("You are a coding agent."), tools: JSON.stringify(tools) };

/** Turn `turn` of the conversation `conversation`, as the route stores it. */
function turnOf(conversation, turn, previous) {
  const id = `resp_${conversation}t${turn}`;
  const body = id.slice("resp_".length);
  const output = [
    { type: "reasoning", id: `rs_${body}_1`, summary: [], encrypted_content: "x".repeat(300) },
    {
      type: "function_call",
      id: `fc_${body}_2`,
      call_id: `call_${body}`,
      name: "tool_1",
      arguments: JSON.stringify({ path: `src/file-${turn}.ts` }),
      status: "completed",
    },
  ];
  const response = {
    id,
    object: "response",
    created_at: 1_700_000_000 + turn,
    status: "completed",
    model: "gemini-2.5-flash",
    output,
    previous_response_id: previous ?? null,
    usage: { input_tokens: 1000 + turn * 300, output_tokens: 80, total_tokens: 1080 + turn * 300 },
  };
  return {
    id,
    createdAt: response.created_at,
    previousResponseId: previous ?? null,
    sessionKey: "bench",
    accountId: "a1",
    inputItems: [
      {
        type: "function_call_output",
        id: `fco_${body}_0`,
        call_id: `call_${conversation}t${turn - 1}`,
        output: `contents of file ${turn}: ${"const value = 1;\n".repeat(60)}`,
      },
    ],
    response,
    json: {
      response: JSON.stringify({ ...response, output: null, instructions: null, tools: [] }),
      output: JSON.stringify(output),
      echo,
    },
  };
}

const written = () => Number(/wchar: (\d+)/.exec(readFileSync("/proc/self/io", "utf8"))?.[1] ?? Number.NaN);
const micros = (started) => Number(process.hrtime.bigint() - started) / 1e3;

/** One conversation of TURNS turns: per turn, the read's and the save's µs and the bytes written. */
function conversation(store, repository, name) {
  const turns = [];
  let previous;
  for (let turn = 0; turn < TURNS; turn++) {
    let started = process.hrtime.bigint();
    const history =
      previous === undefined
        ? []
        : store.historyOf(previous, (id, max) => repository.findChain(id, max)).items;
    const read = micros(started);
    const stored = turnOf(name, turn, previous);
    const before = written();
    started = process.hrtime.bigint();
    repository.save(stored);
    turns.push({ read, save: micros(started), bytes: written() - before, items: history.length });
    previous = stored.id;
  }
  return { turns, last: previous };
}

/** Reads of the turns in `ranges` again, each by a repository that has parsed nothing yet (a restart). */
function coldReads(store, db, name, ranges) {
  return ranges.map(([start, end]) => {
    const reads = [];
    for (let turn = start; turn < Math.min(end, start + 5); turn++) {
      const repository = new store.SqliteResponsesRepository(db);
      const started = process.hrtime.bigint();
      store.historyOf(`resp_${name}t${turn - 1}`, (id, max) => repository.findChain(id, max));
      reads.push(micros(started));
    }
    return reads;
  });
}

const RANGES = [
  [1, 10],
  [50, 60],
  [100, 110],
  [TURNS - 10, TURNS],
].filter(([, end]) => end <= TURNS);

try {
  const store = await storeModule();
  const db = store.openDatabase(join(work, "home"));
  const rounds = [];
  for (let round = 0; round < ROUNDS; round++) {
    const repository = new store.SqliteResponsesRepository(db);
    const name = `c${round}`;
    const { turns } = conversation(store, repository, name);
    rounds.push({ turns, cold: coldReads(store, db, name, RANGES) });
  }
  const cell = (pick) => (range) =>
    median(rounds.map((round) => percentiles(pick(round).slice(range[0], range[1])).p50));
  const read = cell((round) => round.turns.map((turn) => turn.read));
  const save = cell((round) => round.turns.map((turn) => turn.save));
  const bytes = cell((round) => round.turns.map((turn) => turn.bytes));
  const cold = (range) => median(rounds.map((round) => percentiles(round.cold[RANGES.indexOf(range)]).p50));
  console.log(`${ROUNDS} conversations of ${TURNS} turns each, Node ${process.version}, WAL on a file\n`);
  console.log(
    markdownTable(
      ["turns", "history items", "read (µs, p50)", "read, cold (µs)", "save (µs)", "bytes written / turn"],
      RANGES.map((range) => [
        `${range[0]}–${range[1] - 1}`,
        String(rounds[0].turns[range[1] - 1].items),
        read(range).toFixed(0),
        cold(range).toFixed(0),
        save(range).toFixed(0),
        bytes(range).toFixed(0),
      ]),
    ),
  );
  db.close();
} finally {
  rmSync(work, { recursive: true, force: true });
}
