import { describe, expect, it } from "vitest";
import type { Account } from "./account.js";
import { AccountRegistry } from "./account-registry.js";
import { Cooldowns } from "./cooldowns.js";
import type { PoolStateChange } from "./shared-state.js";
import { StickySessions } from "./sticky-sessions.js";

/** Two processes' pools joined the way cluster workers are: what one publishes, the other applies. */

const clock = { now: 1_000_000 };
const now = () => clock.now;

describe("cool-downs across processes", () => {
  it("a cool-down given in one is in force in the other, without a strike there", () => {
    const sent: PoolStateChange[] = [];
    const here = new Cooldowns(now, undefined, undefined, (change) => sent.push(change));
    const there = new Cooldowns(now);
    here.cool("a", "flash", 30_000, "rate-limit");
    for (const change of sent) if (change.kind === "cooldown") there.adopt(change.record);
    expect(there.remainingMs("a", "flash")).toBe(30_000);
    expect(there.strikes("a", "flash")).toBe(0);
  });

  it("a shorter cool-down from elsewhere does not cut a longer one short", () => {
    const cooldowns = new Cooldowns(now);
    cooldowns.cool("a", "flash", 60_000);
    cooldowns.adopt({ accountId: "a", model: "flash", until: clock.now + 5_000, reason: "rate-limit" });
    expect(cooldowns.remainingMs("a", "flash")).toBe(60_000);
  });

  it("clearing publishes, and the other side forgets the same cool-downs", () => {
    const sent: PoolStateChange[] = [];
    const here = new Cooldowns(now, undefined, undefined, (change) => sent.push(change));
    const there = new Cooldowns(now);
    there.cool("a", "flash", 60_000);
    there.cool("a", "pro", 60_000);
    here.clear("a", "flash");
    expect(sent).toEqual([{ kind: "cooldown-cleared", accountId: "a", model: "flash" }]);
    const [change] = sent;
    if (change?.kind === "cooldown-cleared") there.forget(change.accountId, change.model);
    expect(there.remainingMs("a", "flash")).toBe(0);
    expect(there.remainingMs("a", "pro")).toBe(60_000);
  });

  it("a cool-down no longer than the one in force is not published again", () => {
    const sent: PoolStateChange[] = [];
    const cooldowns = new Cooldowns(now, undefined, undefined, (change) => sent.push(change));
    cooldowns.cool("a", "flash", 60_000);
    cooldowns.cool("a", "flash", 1_000);
    expect(sent).toHaveLength(1);
  });
});

describe("sticky sessions across processes", () => {
  const sessions = (publish?: (change: PoolStateChange) => void) =>
    new StickySessions({ now, ttlMs: 60_000, maxEntries: 10, ...(publish === undefined ? {} : { publish }) });

  it("publishes new and moved bindings only, not every use", () => {
    const sent: PoolStateChange[] = [];
    const here = sessions((change) => sent.push(change));
    here.bind("conversation", "a");
    here.bind("conversation", "a");
    here.bind("conversation", "b");
    expect(sent).toEqual([
      { kind: "session", sessionKey: "conversation", accountId: "a" },
      { kind: "session", sessionKey: "conversation", accountId: "b" },
    ]);
  });

  it("an adopted binding routes the conversation like one made here", () => {
    const there = sessions();
    there.adopt("conversation", "b");
    expect(there.accountFor("conversation")).toBe("b");
  });
});

describe("accounts turned off across processes", () => {
  const account: Account = {
    id: "a",
    kind: "gemini",
    label: "a@test",
    enabled: true,
    credentials: { apiKey: "key" },
    source: "config",
  };

  it("turning an account off publishes it; the other side marks it off without storing", () => {
    const sent: PoolStateChange[] = [];
    const here = new AccountRegistry([account], undefined, undefined, (change) => sent.push(change));
    const there = new AccountRegistry([account]);
    here.disable("a", "invalid_grant");
    expect(sent).toEqual([{ kind: "account-disabled", accountId: "a", reason: "invalid_grant" }]);
    there.markDisabled("a", "invalid_grant");
    expect(there.find("a")?.disabledReason).toBe("invalid_grant");
  });
});
