import { describe, expect, it } from "vitest";
import { PrettyLog, prettyLine, writesPretty } from "./pretty-log.js";

const TIME = /^\d\d:\d\d:\d\d\.\d{3} /;
const line = (fields: Record<string, unknown>) =>
  JSON.stringify({ level: 30, time: 1_796_060_000_000, pid: 1, hostname: "vm", ...fields });

describe("prettyLine", () => {
  it("time, level, message, then the other fields as key=value", () => {
    const text = prettyLine(line({ accounts: 1, auth: "off", msg: "agate listening on 127.0.0.1:8045" }));
    expect(text).toMatch(TIME);
    expect(text.replace(TIME, "")).toBe("INFO  agate listening on 127.0.0.1:8045 accounts=1 auth=off\n");
  });

  it("a request's line: method, route, status and duration first; nulls left out; objects as JSON", () => {
    const text = prettyLine(
      line({
        level: 20,
        reqId: "req_1",
        method: "POST",
        route: "/v1/chat/completions",
        status: 400,
        ms: 4,
        errorCode: "invalid_value",
        account: null,
        tokens: { prompt: 0 },
        label: "two words",
        msg: "request",
      }),
    );
    expect(text.replace(TIME, "")).toBe(
      'DEBUG request POST /v1/chat/completions 400 4 ms reqId=req_1 errorCode=invalid_value tokens={"prompt":0} label="two words"\n',
    );
  });

  it("another line's route stays a field", () => {
    const text = prettyLine(line({ level: 20, route: "/v1/models", msg: "request fields ignored" }));
    expect(text.replace(TIME, "")).toBe("DEBUG request fields ignored route=/v1/models\n");
  });

  it("an error's stack below the line, indented; its other fields on the line", () => {
    const err = {
      type: "UpstreamError",
      message: "reset",
      stack: "UpstreamError: reset\n    at send",
      kind: "network",
    };
    const text = prettyLine(line({ level: 50, err, msg: "request failed" }));
    expect(text.replace(TIME, "")).toBe(
      "ERROR request failed err.kind=network\n    UpstreamError: reset\n        at send\n",
    );
  });

  it("colours the level only when asked", () => {
    expect(prettyLine(line({ level: 40, msg: "slow" }), true)).toContain("\x1b[33mWARN \x1b[0m slow");
    expect(prettyLine(line({ level: 40, msg: "slow" }))).not.toContain("\x1b[");
  });

  it("passes a line that is not a JSON object through", () => {
    expect(prettyLine("not json")).toBe("not json\n");
    expect(prettyLine("[1,2]")).toBe("[1,2]\n");
  });
});

describe("PrettyLog", () => {
  it("writes each JSON line of a chunk as a human line", () => {
    const out: string[] = [];
    const log = new PrettyLog((text) => out.push(text), false);
    log.write(`${line({ msg: "one" })}\n${line({ msg: "two" })}\n`);
    expect(out.map((text) => text.replace(TIME, ""))).toEqual(["INFO  one\n", "INFO  two\n"]);
  });
});

describe("writesPretty", () => {
  it("auto: pretty on a terminal only; json and pretty: always that", () => {
    expect(writesPretty("auto", { isTTY: true })).toBe(true);
    expect(writesPretty("auto", {})).toBe(false);
    expect(writesPretty("json", { isTTY: true })).toBe(false);
    expect(writesPretty("pretty", {})).toBe(true);
  });
});
