import { Counter, Histogram, Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { KeyedCounter, KeyedHistogram } from "./keyed-series.js";

const BUCKETS = [0.01, 0.1, 1];

describe("keyed series", () => {
  it("render exactly like prom-client's own counter and histogram", async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const counter = new KeyedCounter("x_total", "Requests.", ours);
    const histogram = new KeyedHistogram("x_seconds", "Time.", ours, BUCKETS);
    const reference = {
      counter: new Counter({
        name: "x_total",
        help: "Requests.",
        labelNames: ["route", "status"],
        registers: [theirs],
      }),
      histogram: new Histogram({
        name: "x_seconds",
        help: "Time.",
        labelNames: ["route"],
        buckets: BUCKETS,
        registers: [theirs],
      }),
    };
    const samples: [string, string, number][] = [
      ["/a", "200", 0.005],
      ["/a", "200", 0.01],
      ["/b", "500", 0.5],
      ["/a", "429", 3],
      ["/b", "500", 0.1],
    ];
    for (const [route, status, seconds] of samples) {
      counter.at(`${route}\0${status}`, () => ({ route, status })).value += 1;
      reference.counter.inc({ route, status });
      histogram.observeIn(
        histogram.at(route, () => ({ route })),
        seconds,
      );
      reference.histogram.observe({ route }, seconds);
    }
    const [route, status] = ["/a", "200"];
    counter.at(`${route}\0${status}`, () => ({ route, status })).value += 5;
    reference.counter.inc({ route: "/a", status: "200" }, 5);
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });

  it("print their help and type before the first observation", async () => {
    const registry = new Registry();
    new KeyedCounter("y_total", "Nothing yet.", registry);
    expect(await registry.metrics()).toBe("# HELP y_total Nothing yet.\n# TYPE y_total counter\n");
  });
});
