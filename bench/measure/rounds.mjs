// Runs a measurement for every target, round after round, alternating the order of the targets.

/** `{ name: [result of round 1, round 2, ...] }` for the targets in `names`. */
export async function inRounds(ctx, names, measure) {
  const results = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < ctx.config.rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const result = await measure(name, round);
      results[name].push(result);
      ctx.log(
        `  round ${round + 1} ${name}: ${JSON.stringify(result, (_, value) => (typeof value === "number" ? Number(value.toFixed(3)) : value))}`,
      );
    }
  }
  return results;
}
