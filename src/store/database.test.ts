import { describe, expect, it } from "vitest";
import { whileBusy } from "./database.js";

const busy = () => Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });

describe("whileBusy", () => {
  it("tries again while SQLite says busy, and answers with the first success", () => {
    let calls = 0;
    const value = whileBusy(() => {
      calls++;
      if (calls < 3) throw busy();
      return "open";
    });
    expect(value).toBe("open");
    expect(calls).toBe(3);
  });

  it("gives up after its time, and never retries another failure", () => {
    let calls = 0;
    const started = Date.now();
    expect(() =>
      whileBusy(() => {
        calls++;
        throw busy();
      }, 50),
    ).toThrow("database is locked");
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
    expect(calls).toBeGreaterThan(1);
    calls = 0;
    expect(() =>
      whileBusy(() => {
        calls++;
        throw new Error("disk I/O error");
      }),
    ).toThrow("disk I/O error");
    expect(calls).toBe(1);
  });
});
