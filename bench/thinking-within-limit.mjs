// What the thinking-within-limit rule costs a request that sets an output limit and no reasoning effort:
// ns per call of `thinkingWithinLimit` and of the `encodeSettings` that runs it, over a mix of model names
// (2.5, 3, Flash-Lite, media, unknown) and limits. `node bench/thinking-within-limit.mjs [repo root ...]`:
// each root's src/upstream/gemini is bundled with rolldown (no build needed) and measured, rounds alternating
// between the roots (default: this repository). To compare with an older commit, check it out beside
// (`git worktree add /tmp/before <commit>`) and pass both roots. Knobs: BENCH_LIMIT_CALLS (200000 per round
// and function), BENCH_LIMIT_ROUNDS (7).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "rolldown";
import { markdownTable } from "./lib/report.mjs";
import { summary } from "./lib/stats.mjs";

const CALLS = Number(process.env.BENCH_LIMIT_CALLS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_LIMIT_ROUNDS ?? 7);
const roots =
  process.argv.length > 2 ? process.argv.slice(2) : [fileURLToPath(new URL("../", import.meta.url))];

const MODELS = [
  "gemini-2.5-flash",
  "gemini-2.5-pro",
  "models/gemini-2.5-flash-preview-09-2025",
  "gemini-2.5-flash-lite",
  "gemini-3-flash-preview",
  "gemini-3.1-pro-preview",
  "gemini-3.1-flash-lite",
  "gemini-flash-latest",
  "gemini-3-pro-image-preview",
  "my-tuned-model",
];
const LIMITS = [20, 256, 4_096, 16_384, 60_000];

/** The two functions of one repository root, bundled into a temporary directory and imported. */
async function load(root) {
  const out = mkdtempSync(join(tmpdir(), "agate-limit-bench-"));
  try {
    const gemini = join(resolve(root), "src/upstream/gemini");
    await build({
      cwd: resolve(root),
      input: {
        within: join(gemini, "thinking-within-limit.ts"),
        settings: join(gemini, "encode-settings.ts"),
      },
      platform: "node",
      logLevel: "silent",
      output: { dir: out, format: "esm", entryFileNames: "[name].mjs" },
    });
    const within = await import(pathToFileURL(join(out, "within.mjs")).href);
    const settings = await import(pathToFileURL(join(out, "settings.mjs")).href);
    return { thinkingWithinLimit: within.thinkingWithinLimit, encodeSettings: settings.encodeSettings };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

// Each call's arguments, made up front: the loop measures the calls only.
const cases = Array.from({ length: MODELS.length * LIMITS.length }, (_, index) => ({
  model: MODELS[index % MODELS.length],
  limit: LIMITS[Math.floor(index / MODELS.length)],
}));
const settingsOf = cases.map(({ limit }) => ({ maxOutputTokens: limit }));

let sink = 0;
function nsPerCall(call) {
  const started = process.hrtime.bigint();
  for (let index = 0; index < CALLS; index += 1) {
    const at = index % cases.length;
    if (call(at) !== undefined) sink += 1;
  }
  return Number(process.hrtime.bigint() - started) / CALLS;
}

const targets = [];
for (const root of roots) targets.push({ root, ...(await load(root)) });
const results = targets.map(() => ({ within: [], settings: [] }));
// Warm-up (JIT), untimed.
for (const target of targets) {
  for (let index = 0; index < cases.length * 200; index += 1) {
    const { model, limit } = cases[index % cases.length];
    target.thinkingWithinLimit(limit, model);
    target.encodeSettings(settingsOf[index % cases.length], model);
  }
}
for (let round = 0; round < ROUNDS; round += 1) {
  targets.forEach((target, index) => {
    results[index].within.push(
      nsPerCall((at) => target.thinkingWithinLimit(cases[at].limit, cases[at].model)),
    );
    results[index].settings.push(
      nsPerCall((at) => target.encodeSettings(settingsOf[at], cases[at].model).thinkingConfig),
    );
  });
}
console.log(
  markdownTable(
    ["source", "thinkingWithinLimit ns/call", "encodeSettings ns/call"],
    targets.map((target, index) => [
      target.root,
      summary(results[index].within, 1),
      summary(results[index].settings, 1),
    ]),
  ),
);
if (sink < 0) console.log(sink);
