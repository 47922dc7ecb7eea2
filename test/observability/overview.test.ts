import { afterEach, describe, expect, it } from "vitest";
import { faults } from "../../src/simulator/index.js";
import { type Stack, startStack } from "../helpers/stack.js";
import { chat, get, settle } from "./support.js";

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

interface Counted {
  data?: { id: string; requests_today: number }[];
  accounts?: { id: string; requests_today: number }[];
}

describe("GET /admin/overview", () => {
  it("counts an account's requests today as `agate accounts list` and /admin/accounts do: retries included", async () => {
    stack = await startStack(1);
    // One client request, two upstream requests: a 503, then the retry on the same (only) account.
    stack.simulator.script({ respond: faults.overloaded() });
    expect((await chat(stack, {})).status).toBe(200);
    await settle();
    const overview = (await get(stack, "/admin/overview")).json() as Counted;
    const accounts = (await get(stack, "/admin/accounts")).json() as Counted;
    expect(accounts.data?.[0]?.requests_today).toBe(2);
    expect(overview.accounts?.[0]?.requests_today).toBe(2);
  });
});
