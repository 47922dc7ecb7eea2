import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { claimStore, StoreInUseError } from "./serving-claim.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "agate-claim-"));
  dirs.push(dir);
  return dir;
};

/** The holder as a refused claim names it. */
function holderSeenBySecond(dir: string) {
  try {
    claimStore(dir).release();
  } catch (error) {
    if (error instanceof StoreInUseError) return error.holder;
    throw error;
  }
  throw new Error("the second claim was let in");
}

describe("claimStore", () => {
  it("writes nothing once released: a gateway told to stop (a cluster whose last worker gets ready then) never names itself over the next one", () => {
    const dir = freshDir();
    const old = claimStore(dir);
    old.release();
    const next = claimStore(dir);
    next.listening(2);
    old.listening(1);
    expect(holderSeenBySecond(dir)).toMatchObject({ port: 2 });
    next.release();
  });
});
