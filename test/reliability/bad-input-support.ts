import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { type PoolStack, startPoolStack } from "../pool/support.js";
import { type HostileCase, hostileCase, type PostRoute, paramRoot, ROUTE_PATHS } from "./hostile-bodies.js";
import { expectNoneInFlight, isOpenAIError, scaled } from "./support.js";

/** Issue 6 §2: at least 5,000 generated hostile bodies per POST route (AGATE_FUZZ_RUNS scales it). */
export const FUZZ_RUNS = scaled("AGATE_FUZZ_RUNS", 5_000);
/** Small enough that some generated bodies (huge strings) pass it: they must get a 413. */
export const BODY_LIMIT = 4 * 1024 * 1024;

/** Codes whose 400 is not about one field of an object body. */
const FIELDLESS_CODES = new Set([
  "invalid_json",
  "body_too_deep",
  "upstream_invalid_request",
  "request_too_large",
]);

interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

/** What every answer to a hostile body must satisfy; throws (with the case) when it does not. */
export function checkAnswer(route: PostRoute, hostile: HostileCase, answer: Answer): void {
  const context = `${ROUTE_PATHS[route]} with ${hostile.label} → ${answer.statusCode} ${answer.body.slice(0, 300)}`;
  expect([200, 400, 404, 413], context).toContain(answer.statusCode);
  if (answer.statusCode === 200) return;
  expect(String(answer.headers["content-type"]), context).toMatch(/^application\/json/);
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    parsed = undefined;
  }
  expect(isOpenAIError(parsed), `not the OpenAI error shape: ${context}`).toBe(true);
  const error = (parsed as { error: { param: string | null; code: string | null } }).error;
  if (answer.statusCode !== 400 || hostile.mutatedRoots === undefined) return;
  if (error.code !== null && FIELDLESS_CODES.has(error.code)) return;
  // A field of an object body is at fault: `param` names it (one of the fields the case broke).
  expect(error.param, `no param: ${context}`).not.toBeNull();
  expect(
    hostile.mutatedRoots,
    `param ${error.param} names a field the case did not touch: ${context}`,
  ).toContain(paramRoot(error.param ?? ""));
}

/**
 * Registers the property test of one route: FUZZ_RUNS hostile bodies through app.inject (the whole stack,
 * accounts on the simulator, so valid bodies are answered 200), then /healthz still answers, no account slot
 * is left taken and Object.prototype is untouched.
 */
export function hostileBodiesProperty(route: PostRoute): void {
  let simulator: Simulator;
  let stack: PoolStack;
  beforeAll(async () => {
    simulator = await startSimulator({ quiet: true, recordRequests: false });
    stack = await startPoolStack({
      simulator,
      accounts: [{ kind: "gemini", label: "fuzz", api_key: "key-fuzz" }],
      config: { body_limit_bytes: BODY_LIMIT, compaction_secret: "fuzz-compaction-secret-0123456789" },
    });
  });
  afterAll(async () => {
    await stack.close();
    await simulator.close();
  });

  const title = `${FUZZ_RUNS} hostile bodies to POST ${ROUTE_PATHS[route]}: never a 5xx, always the OpenAI error shape, param named`;
  it(title, { timeout: 300_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(hostileCase(route), async (hostile) => {
        const answer = await stack.gateway.app
          .inject({
            method: "POST",
            url: ROUTE_PATHS[route],
            headers: { "content-type": "application/json" },
            payload: hostile.payload,
          })
          .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
        if (answer instanceof Error)
          throw new Error(`${ROUTE_PATHS[route]} with ${hostile.label}: ${answer.message}`);
        checkAnswer(route, hostile, answer);
      }),
      { numRuns: FUZZ_RUNS, endOnFailure: true },
    );
    const health = await stack.gateway.app.inject({ method: "GET", url: "/healthz" });
    expect(health.statusCode).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: "ok" });
    await expectNoneInFlight(stack.gateway);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
}
