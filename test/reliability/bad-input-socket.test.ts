import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { type PoolStack, startPoolStack } from "../pool/support.js";
import { BODY_LIMIT, checkAnswer } from "./bad-input-support.js";
import { hostileCase, type PostRoute, ROUTE_PATHS } from "./hostile-bodies.js";
import { expectNoneInFlight, scaled, send } from "./support.js";

/**
 * Issue 6 §2 over a real TCP socket (the property tests use app.inject for speed): a smaller sample of the
 * same hostile bodies per POST route, through the HTTP parser, keep-alive connections and all.
 */

const SOCKET_RUNS = scaled("AGATE_FUZZ_SOCKET_RUNS", 200);
const ROUTES: PostRoute[] = ["chat", "completions", "responses", "compact"];

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

describe(`bad input over a real socket: ${SOCKET_RUNS} hostile bodies per POST route`, () => {
  it.each(ROUTES)(
    "POST %s: never a 5xx, always the OpenAI error shape, param named",
    { timeout: 120_000 },
    async (route) => {
      await fc.assert(
        fc.asyncProperty(hostileCase(route), async (hostile) => {
          const answer = await send(`${stack.url}${ROUTE_PATHS[route]}`, {
            method: "POST",
            body: hostile.payload,
          }).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
          if (answer instanceof Error) throw answer;
          checkAnswer(route, hostile, {
            statusCode: answer.status,
            headers: answer.headers,
            body: answer.body,
          });
        }),
        { numRuns: SOCKET_RUNS, endOnFailure: true },
      );
    },
  );

  it("the server still answers /healthz, and no account slot is left taken", async () => {
    const health = await send(`${stack.url}/healthz`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: "ok" });
    await expectNoneInFlight(stack.gateway);
  });
});
