import { describe, expect, it } from "vitest";
import { WarnOnce } from "./warn-once.js";

function recordingLog() {
  const lines: [string, string][] = [];
  return {
    lines,
    log: {
      warn: (message: string) => void lines.push(["warn", message]),
      debug: (message: string) => void lines.push(["debug", message]),
    },
  };
}

describe("WarnOnce", () => {
  it("warns of a message the first time, then logs it at debug", () => {
    const once = new WarnOnce();
    const { lines, log } = recordingLog();
    once.warn(log, "web_search dropped");
    once.warn(log, "web_search dropped");
    once.warn(log, "something else");
    expect(lines).toEqual([
      ["warn", "web_search dropped (said once; later requests log it at debug)"],
      ["debug", "web_search dropped"],
      ["warn", "something else (said once; later requests log it at debug)"],
    ]);
  });
});
