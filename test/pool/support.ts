import OpenAI from "openai";
import { createGateway, type Gateway } from "../../src/gateway.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { sequentialIds } from "../helpers/gateway.js";
import { testConfig } from "../helpers/test-config.js";

/** A clock the test moves by hand: agate sees only this time (the simulator keeps real time). */
export interface Clock {
  now: number;
}

export interface PoolStack {
  simulator: Simulator;
  gateway: Gateway;
  url: string;
  client: OpenAI;
  clock: Clock;
  close(): Promise<void>;
}

export interface PoolStackOptions {
  /** Account entries; gemini and cloudcode ones are pointed at the simulator unless they say otherwise. */
  accounts: Record<string, unknown>[];
  config?: Record<string, unknown>;
  /** Reuse a running simulator (its owner closes it). */
  simulator?: Simulator;
  /** Keep state on disk here instead of in memory (restart tests). */
  dataDir?: string;
  clock?: Clock;
}

/** The simulator, and agate on a real socket with the given accounts, an injected clock and an SDK client. */
export async function startPoolStack(options: PoolStackOptions): Promise<PoolStack> {
  const simulator = options.simulator ?? (await startSimulator({ quiet: true }));
  const clock = options.clock ?? { now: Date.now() };
  const accounts = options.accounts.map((account) => withSimulator(account, simulator.url));
  const config = testConfig({
    accounts,
    oauth_client_id: "agate-test-client",
    oauth_client_secret: "agate-test-secret",
    oauth_token_url: `${simulator.url}/token`,
    cloudcode_base_urls: [simulator.url],
    ...(options.dataDir === undefined ? {} : { data_dir: options.dataDir }),
    ...options.config,
  });
  const gateway = await createGateway(config, {
    logger: false,
    inMemoryStore: options.dataDir === undefined,
    ids: sequentialIds(),
    now: () => clock.now,
  });
  await gateway.app.listen({ port: 0, host: "127.0.0.1" });
  const address = gateway.app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  const url = `http://127.0.0.1:${port}`;
  return {
    simulator,
    gateway,
    url,
    client: new OpenAI({ baseURL: `${url}/v1`, apiKey: "unused", maxRetries: 0 }),
    clock,
    close: async () => {
      await gateway.close();
      if (options.simulator === undefined) await simulator.close();
    },
  };
}

function withSimulator(account: Record<string, unknown>, url: string): Record<string, unknown> {
  if (account.kind === "gemini" && account.base_url === undefined) return { ...account, base_url: url };
  return account;
}

/** `count` gemini accounts labelled acct-1… with keys key-1… */
export const geminiAccounts = (count: number) =>
  Array.from({ length: count }, (_, index) => ({
    kind: "gemini",
    label: `acct-${index + 1}`,
    api_key: `key-${index + 1}`,
  }));

/** One chat completion through the SDK; the answer's text and the headers that say who served it. */
export async function ask(
  stack: PoolStack,
  text: string,
  extra: { model?: string; user?: string } = {},
): Promise<{ text: string; account: string | null; attempts: string | null }> {
  const { data, response } = await stack.client.chat.completions
    .create({
      model: extra.model ?? "gemini-2.5-flash",
      messages: [{ role: "user", content: text }],
      ...(extra.user === undefined ? {} : { user: extra.user }),
    })
    .withResponse();
  return {
    text: data.choices[0]?.message.content ?? "",
    account: response.headers.get("x-account-email"),
    attempts: response.headers.get("x-agate-attempts"),
  };
}

/** The error an SDK call raised (fails the test when it succeeded). */
export async function askFails(stack: PoolStack, text: string, model = "gemini-2.5-flash") {
  const outcome = await stack.client.chat.completions
    .create({ model, messages: [{ role: "user", content: text }] })
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  if (!(outcome instanceof OpenAI.APIError)) throw new Error(`expected an API error, got ${String(outcome)}`);
  return outcome;
}

/** Generation requests the simulator received (model list and account calls left out). */
export const generations = (simulator: Simulator) =>
  simulator.requests.filter((request) => /:(stream)?[gG]enerateContent$/.test(request.path));

/** The pool's view of one account, by label. */
export function statusOf(stack: PoolStack, label: string) {
  const status = stack.gateway.pool.status().find((entry) => entry.label === label);
  if (status === undefined) throw new Error(`no account labelled ${label}`);
  return status;
}
