import type { Worker } from "node:cluster";
import { Counter, Gauge, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import type { PrimaryMessage } from "./messages.js";
import { PrimaryRelay } from "./primary-relay.js";

/** A stand-in for a cluster worker: what the primary sends it is kept. */
function fakeWorker() {
  const received: PrimaryMessage[] = [];
  const worker = {
    received,
    isConnected: () => true,
    send: (message: PrimaryMessage, _handle: unknown, done: () => void) => {
      received.push(message);
      done();
      return true;
    },
  };
  return worker as typeof worker & Worker;
}

const change = { kind: "session", sessionKey: "k", accountId: "a" } as const;

describe("PrimaryRelay", () => {
  it("sends a worker's state change to every other worker, not back to it", () => {
    const [one, two, three] = [fakeWorker(), fakeWorker(), fakeWorker()];
    const relay = new PrimaryRelay(() => [one, two, three]);
    relay.handle(one, { agate: "state", change });
    expect(one.received).toEqual([]);
    expect(two.received).toEqual([{ agate: "state", change }]);
    expect(three.received).toEqual([{ agate: "state", change }]);
  });

  it("answers a scrape with the sum of every worker's series; gauges marked `first` are not summed", async () => {
    const [one, two] = [fakeWorker(), fakeWorker()];
    const relay = new PrimaryRelay(() => [one, two]);
    relay.handle(one, { agate: "metrics-request", id: 7 });
    const collect = one.received.find((message) => message.agate === "metrics-collect");
    expect(two.received).toContainEqual(collect);
    for (const [worker, count] of [
      [one, 3],
      [two, 4],
    ] as const) {
      const registry = new Registry();
      new Counter({ name: "requests_total", help: "h", registers: [registry] }).inc(count);
      new Gauge({ name: "build_info", help: "h", registers: [registry], aggregator: "first" }).set(1);
      const id = collect?.agate === "metrics-collect" ? collect.id : -1;
      relay.handle(worker, { agate: "metrics", id, metrics: await registry.getMetricsAsJSON() });
    }
    await new Promise((resolve) => setImmediate(resolve));
    const result = one.received.find((message) => message.agate === "metrics-result");
    expect(result?.agate === "metrics-result" && result.id).toBe(7);
    const text = result?.agate === "metrics-result" ? result.text : "";
    expect(text).toMatch(/^requests_total 7$/m);
    expect(text).toMatch(/^build_info 1$/m);
  });

  it("sends finished requests only to the other workers where a dashboard watches", () => {
    const [one, two, three] = [fakeWorker(), fakeWorker(), fakeWorker()];
    const relay = new PrimaryRelay(() => [one, two, three]);
    relay.handle(two, { agate: "watchers", count: 1 });
    expect(one.received).toContainEqual({ agate: "peers-watching", watching: true });
    expect(two.received).toContainEqual({ agate: "peers-watching", watching: false });
    const record = { id: "req_1" } as never;
    relay.handle(one, { agate: "feed", record });
    expect(two.received).toContainEqual({ agate: "feed", record });
    expect(three.received.filter((message) => message.agate === "feed")).toEqual([]);
    relay.forget(two);
    expect(one.received.at(-1)).toEqual({ agate: "peers-watching", watching: false });
  });
});
