import type { GenerateEvent, GenerateRequest } from "../../src/hub/types.js";
import type { Account } from "../../src/pool/account.js";
import { Cooldowns } from "../../src/pool/cooldowns.js";
import type { ModelAvailability } from "../../src/pool/model-catalog.js";
import { Pool, type PoolDependencies } from "../../src/pool/pool.js";
import type { UpstreamClient } from "../../src/upstream/types.js";
import { UpstreamError } from "../../src/upstream/upstream-error.js";

/** What the pool unit tests build their pools from: accounts, requests, scripted upstreams, the pool itself. */

/** A gemini account from the config file, labelled `<id>@test`, with key `key-<id>`; `overrides` changes any field. */
export const testAccount = (id: string, overrides: Partial<Account> = {}): Account => ({
  id,
  kind: "gemini",
  label: `${id}@test`,
  enabled: true,
  credentials: { apiKey: `key-${id}` },
  source: "config",
  ...overrides,
});

/** A one-turn request for gpt-4o, routed to gemini-2.5-flash, the user saying `text`; not streamed unless overridden. */
export const testRequest = (overrides: Partial<GenerateRequest> = {}, text = "hi"): GenerateRequest => ({
  requestedModel: "gpt-4o",
  model: "gemini-2.5-flash",
  turns: [{ role: "user", parts: [{ type: "text", text }] }],
  settings: {},
  stream: false,
  ...overrides,
});

/** The events of an answer from the account `id`: the text "from <id>", then a stop. */
export const answerFrom = (id: string): GenerateEvent[] => [
  { type: "text-delta", candidate: 0, text: `from ${id}` },
  { type: "finish", candidate: 0, reason: "stop" },
];

/** A call that fails before any event with this error, or answers. */
export type Outcome = UpstreamError | "ok";

/**
 * A client whose calls to each account go as `outcomes` lists them, one per call, in order: an error is
 * thrown before any event, "ok" (or a list run out) answers `answerFrom(account)`. `onCall` hears every call
 * first. Spread it to add `refusal`, `refresh` or `complete`.
 */
export function scriptedClient(
  outcomes: Record<string, Outcome[]>,
  onCall: (target: Account, call: GenerateRequest) => void = () => undefined,
): UpstreamClient {
  return {
    async *generate(target, call): AsyncGenerator<GenerateEvent> {
      onCall(target, call);
      const outcome = outcomes[target.id]?.shift() ?? "ok";
      if (outcome !== "ok") throw outcome;
      yield* answerFrom(target.id);
    },
    listModels: async () => [],
  };
}

/**
 * A Pool over `accounts`: `clients` by kind, or one client for gemini; the clock at 0 unless `overrides`
 * sets `now` (the cool-downs read the same clock), three attempts; `overrides` sets or replaces any
 * dependency. Sleeping is the pool's own unless `overrides` gives `sleep`.
 */
export function testPool(
  accounts: readonly Account[],
  clients: UpstreamClient | PoolDependencies["clients"],
  overrides: Partial<PoolDependencies> = {},
): Pool {
  const now = overrides.now ?? (() => 0);
  return new Pool({
    accounts: () => accounts,
    clients: isClient(clients) ? { gemini: clients } : clients,
    cooldowns: new Cooldowns(now),
    maxAttempts: 3,
    now,
    ...overrides,
  });
}

const isClient = (value: UpstreamClient | PoolDependencies["clients"]): value is UpstreamClient =>
  typeof (value as Partial<UpstreamClient>).generate === "function";

/** A model catalog that knows nothing (every answer undefined) but what `overrides` says. */
export const testCatalog = (overrides: Partial<ModelAvailability> = {}): ModelAvailability => ({
  serves: () => undefined,
  remainingFraction: () => undefined,
  replacement: () => undefined,
  invalidate: () => undefined,
  ...overrides,
});

/** Every event of a stream, once it has ended. */
export async function drain(events: AsyncIterable<GenerateEvent>): Promise<GenerateEvent[]> {
  const out: GenerateEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

/** Gemini's 429 asking for 30 s. */
export const rateLimited = () =>
  new UpstreamError("slow down", {
    kind: "http",
    status: 429,
    google: { quotaIds: [], retryDelayMs: 30_000 },
  });

/** Gemini's 503: the pool rotates, or backs off and tries the same account again when it has no other. */
export const overloaded = () =>
  new UpstreamError("overloaded", { kind: "http", status: 503, google: { quotaIds: [] } });
