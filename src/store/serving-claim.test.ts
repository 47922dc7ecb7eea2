import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/helpers/temp-dir.js";
import { claimStore, StoreInUseError } from "./serving-claim.js";

const freshDir = () => tempDir("agate-claim-");

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
  it("opens no store at start-up: agate.db is the gateway's to open (a second open, and its close's checkpoint, delay the start)", () => {
    const dir = freshDir();
    const claim = claimStore(dir);
    claim.listening(8045);
    expect(existsSync(join(dir, "agate.db"))).toBe(false);
    expect(holderSeenBySecond(dir)).toMatchObject({ pid: process.pid, port: 8045 });
    claim.release();
  });

  it("names a gateway that has not said its port yet as starting", () => {
    const dir = freshDir();
    const claim = claimStore(dir);
    const holder = holderSeenBySecond(dir);
    expect(holder).toMatchObject({ pid: process.pid });
    expect(holder?.port).toBeUndefined();
    claim.release();
  });

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
