import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Stack, startStack } from "../helpers/stack.js";
import { tempDir } from "../helpers/temp-dir.js";
import { chat, get, settle } from "./support.js";

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const OLD_KEY = "sk-old-teammate-0123456789";
const KEPT_KEY = "sk-kept-teammate-0123456789";
const NEW_KEY = "sk-new-teammate-0123456789";
const NAMED_KEY = "sk-named-teammate-0123456789";

/** One request with `key` on a gateway with `apiKeys` over the store in `dir`; the request log's label for it. */
async function labelFor(dir: string, apiKeys: unknown[], key: string): Promise<unknown> {
  stack = await startStack(
    1,
    { api_keys: apiKeys, auth_mode: "all_except_health", data_dir: dir },
    { inMemoryStore: false },
  );
  const answer = await chat(stack, {}, { authorization: `Bearer ${key}` });
  expect(answer.status).toBe(200);
  await settle();
  const page = (await get(stack, "/admin/requests?limit=1")).json() as { data: { client_key: unknown }[] };
  await stack.close();
  stack = undefined;
  return page.data[0]?.client_key;
}

describe("the client key a request used, in the request log", () => {
  it("keeps its label when api_keys changes around it, across a restart on the same store", async () => {
    const dir = tempDir("agate-key-label-");
    const before = await labelFor(dir, [OLD_KEY, KEPT_KEY], KEPT_KEY);
    expect(before).toMatch(/^key-[0-9a-f]{8}$/);
    // The first key removed, a new one added last: by place, the kept key would now be `key-1` and the
    // new one `key-2`, the kept key's label of yesterday.
    expect(await labelFor(dir, [KEPT_KEY, NEW_KEY], KEPT_KEY)).toBe(before);
    expect(await labelFor(dir, [KEPT_KEY, NEW_KEY], NEW_KEY)).not.toBe(before);
  });

  it("is the name the operator gave the key", async () => {
    const dir = tempDir("agate-key-name-");
    expect(await labelFor(dir, [KEPT_KEY, { key: NAMED_KEY, name: "alice" }], NAMED_KEY)).toBe("alice");
  });

  it("never holds the key: not in the store's files", async () => {
    const dir = tempDir("agate-key-absent-");
    await labelFor(dir, [OLD_KEY, { key: NAMED_KEY, name: "bob" }], OLD_KEY);
    await labelFor(dir, [OLD_KEY, { key: NAMED_KEY, name: "bob" }], NAMED_KEY);
    for (const file of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, file)).toString("latin1");
      for (const key of [OLD_KEY, NAMED_KEY]) expect(bytes, file).not.toContain(key);
    }
  });
});
