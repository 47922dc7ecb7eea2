import { describe, expect, it } from "vitest";
import { UpstreamError } from "../upstream-error.js";
import { BaseUrlFallback, movesToNextBase } from "./base-url-fallback.js";

const http = (status: number) => new UpstreamError(`HTTP ${status}`, { kind: "http", status });

describe("movesToNextBase", () => {
  it.each([404, 408, 500, 502, 503, 504, 529])("moves on %i", (status) => {
    expect(movesToNextBase(http(status))).toBe(true);
  });

  it.each([400, 401, 403, 429])("stays on %i", (status) => {
    expect(movesToNextBase(http(status))).toBe(false);
  });

  it("moves on network failures and timeouts", () => {
    expect(movesToNextBase(new UpstreamError("refused", { kind: "network" }))).toBe(true);
    expect(movesToNextBase(new UpstreamError("slow", { kind: "timeout" }))).toBe(true);
  });
});

describe("BaseUrlFallback", () => {
  it("tries the next base on a 503 and remembers the one that worked", async () => {
    const fallback = new BaseUrlFallback();
    const tried: string[] = [];
    const send = async (base: string) => {
      tried.push(base);
      if (base === "https://one") throw http(503);
      return base;
    };
    expect(await fallback.send("acct", ["https://one", "https://two"], send)).toBe("https://two");
    expect(await fallback.send("acct", ["https://one", "https://two"], send)).toBe("https://two");
    expect(tried).toEqual(["https://one", "https://two", "https://two"]);
  });

  it("never moves on a 429", async () => {
    const fallback = new BaseUrlFallback();
    const tried: string[] = [];
    const failure = fallback.send("acct", ["https://one", "https://two"], async (base) => {
      tried.push(base);
      throw http(429);
    });
    await expect(failure).rejects.toMatchObject({ status: 429 });
    expect(tried).toEqual(["https://one"]);
  });

  it("gives the last failure when every base failed", async () => {
    const fallback = new BaseUrlFallback();
    const failure = fallback.send("acct", ["https://one", "https://two"], async (base) => {
      throw http(base === "https://one" ? 503 : 404);
    });
    await expect(failure).rejects.toMatchObject({ status: 404 });
  });
});
