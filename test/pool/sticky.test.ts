import { afterEach, describe, expect, it } from "vitest";
import { faults } from "../../src/simulator/index.js";
import { ask, geminiAccounts, type PoolStack, startPoolStack } from "./support.js";

let stack: PoolStack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const keyOf = (label: string | null) => `key-${label?.replace("acct-", "")}`;

describe("sticky sessions", () => {
  it("a session stays on its account across 20 requests, and moves when that account cools", async () => {
    stack = await startPoolStack({ accounts: geminiAccounts(3) });
    // Other traffic first, so that the session does not land on the first account by mere order.
    await ask(stack, "someone else");
    const first = await ask(stack, "turn 0", { user: "alice" });
    expect(first.account).toBe("acct-2");
    for (let turn = 1; turn < 20; turn++) {
      await ask(stack, `unrelated ${turn}`);
      expect((await ask(stack, `turn ${turn}`, { user: "alice" })).account).toBe(first.account);
    }
    stack.simulator.script({
      match: { apiKey: keyOf(first.account) },
      respond: faults.rateLimitPerMinute("60s"),
    });
    const moved = await ask(stack, "turn 20", { user: "alice" });
    expect(moved.account).not.toBe(first.account);
    expect(moved.attempts).toBe("2");
    for (let turn = 21; turn < 25; turn++) {
      expect(await ask(stack, `turn ${turn}`, { user: "alice" })).toMatchObject({
        account: moved.account,
        attempts: "1",
      });
    }
    // Once the old account has rested, the session stays where it moved: its cache is warm there now.
    stack.clock.now += 61_000;
    expect((await ask(stack, "turn 25", { user: "alice" })).account).toBe(moved.account);
  });

  it("without a session key, the conversation's first user message keeps it on one account", async () => {
    stack = await startPoolStack({ accounts: geminiAccounts(3) });
    const messages: { role: "user" | "assistant"; content: string }[] = [
      { role: "user", content: "Plan a trip" },
    ];
    const served = new Set<string | null>();
    for (let turn = 0; turn < 5; turn++) {
      await ask(stack, `noise ${turn}`);
      const { data, response } = await stack.client.chat.completions
        .create({ model: "gemini-2.5-flash", messages })
        .withResponse();
      served.add(response.headers.get("x-account-email"));
      messages.push({ role: "assistant", content: data.choices[0]?.message.content ?? "" });
      messages.push({ role: "user", content: `and then ${turn}?` });
    }
    expect(served.size).toBe(1);
  });

  it("x-session-id and prompt_cache_key are session keys too", async () => {
    stack = await startPoolStack({ accounts: geminiAccounts(3) });
    const viaHeader = async (text: string) => {
      const { response } = await (stack as PoolStack).client.chat.completions
        .create(
          { model: "gemini-2.5-flash", messages: [{ role: "user", content: text }] },
          { headers: { "x-session-id": "session-7" } },
        )
        .withResponse();
      return response.headers.get("x-account-email");
    };
    const bound = await viaHeader("one");
    for (const text of ["two", "three", "four"]) {
      await ask(stack, `noise ${text}`);
      expect(await viaHeader(text)).toBe(bound);
    }
  });

  it("strategy round_robin ignores sessions and hands accounts out in turn", async () => {
    stack = await startPoolStack({ accounts: geminiAccounts(3), config: { strategy: "round_robin" } });
    const order = [];
    for (let turn = 0; turn < 4; turn++) order.push((await ask(stack, "same", { user: "bob" })).account);
    expect(order).toEqual(["acct-1", "acct-2", "acct-3", "acct-1"]);
  });
});
