import Fastify from "fastify";
import { describe, expect, it, vi } from "vitest";
import { lazyRequestLogger } from "./request-logger.js";

function parentLogger(level: string) {
  const lines: Record<string, unknown>[] = [];
  // fastify's own pino logger, as the app's requests get it.
  const parent = Fastify({
    logger: { level, stream: { write: (line: string) => lines.push(JSON.parse(line)) } },
  }).log;
  const child = vi.spyOn(parent, "child");
  return { parent, lines, child };
}

describe("the request's lazy logger", () => {
  it("makes no child logger while nothing is written at an enabled level", () => {
    const { parent, child } = parentLogger("info");
    const log = lazyRequestLogger(parent, { reqId: "req_1" }, {});
    log.debug("not at info");
    expect(log.level).toBe("info");
    expect(child).not.toHaveBeenCalled();
  });

  it("writes a line with the request id bound, through one child made once", () => {
    const { parent, lines, child } = parentLogger("info");
    const log = lazyRequestLogger(parent, { reqId: "req_2" }, {});
    log.warn({ toolCalls: 2 }, "first");
    log.info("second");
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines).toMatchObject([
      { reqId: "req_2", toolCalls: 2, msg: "first", level: 40 },
      { reqId: "req_2", msg: "second", level: 30 },
    ]);
  });

  it("follows a level the route sets for its requests", () => {
    const { parent, lines } = parentLogger("info");
    const log = lazyRequestLogger(parent, { reqId: "req_3" }, { level: "debug" });
    expect(log.level).toBe("debug");
    log.debug("route debug");
    expect(lines).toMatchObject([{ reqId: "req_3", msg: "route debug", level: 20 }]);
  });
});
