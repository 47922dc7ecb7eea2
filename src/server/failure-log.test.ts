import { describe, expect, it } from "vitest";
import { internalError, invalidRequest, noAccounts, responseNotStored, shuttingDown } from "../errors.js";
import { upstreamErrorToClient } from "../pool/upstream-error-to-client.js";
import { UpstreamError } from "../upstream/upstream-error.js";
import { toAgateError } from "./error-mapper.js";
import { failureLog } from "./failure-log.js";
import { ClientGoneError } from "./upstream-signal.js";

const answerTo = (error: unknown) => toAgateError(error, { bodyLimit: 1_000 });

/** A Gemini 403 as the upstream client throws it. */
const forbidden = () =>
  new UpstreamError("The caller does not have permission", {
    kind: "http",
    status: 403,
    google: { status: "PERMISSION_DENIED", message: "The caller does not have permission", quotaIds: [] },
    rawBody:
      '{"error":{"code":403,"message":"The caller does not have permission","status":"PERMISSION_DENIED"}}',
  });

describe("failureLog", () => {
  it("logs an upstream's refusal at warn, with what the client was told, and no stack", () => {
    const error = upstreamErrorToClient(forbidden(), "gemini-2.5-pro");
    const log = failureLog(error, answerTo(error));
    expect(log).toEqual({
      level: "warn",
      details: {
        code: "upstream_auth_failed",
        status: 503,
        reason:
          "No account was allowed to use 'gemini-2.5-pro'. Upstream (Gemini) said: The caller does not have permission",
      },
    });
    expect(JSON.stringify(log)).not.toContain("    at ");
  });

  it("logs the other expected conditions (a timeout, a bad answer, no account) at warn too", () => {
    const timeout = upstreamErrorToClient(new UpstreamError("timed out", { kind: "timeout" }), "m");
    const bad = upstreamErrorToClient(
      new UpstreamError("Internal error", { kind: "http", status: 500 }),
      "m",
    );
    for (const error of [timeout, bad, noAccounts()])
      expect(failureLog(error, answerTo(error))?.level, String(error.code)).toBe("warn");
  });

  it("logs agate's own failures at error with the error (its stack)", () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'parts')");
    expect(failureLog(bug, answerTo(bug))).toEqual({
      level: "error",
      details: { err: bug },
    });
    const disk = responseNotStored(new Error("SQLITE_FULL"));
    expect(failureLog(disk, disk)?.level).toBe("error");
    expect(failureLog(internalError(), internalError())?.level).toBe("error");
  });

  it("does not log a client's mistake, a client that left, or a request refused while stopping", () => {
    const invalid = invalidRequest("bad", "messages");
    const gone = new ClientGoneError();
    expect(failureLog(invalid, invalid)).toBeUndefined();
    expect(failureLog(gone, answerTo(gone))).toBeUndefined();
    expect(failureLog(shuttingDown(), shuttingDown())).toBeUndefined();
  });
});
