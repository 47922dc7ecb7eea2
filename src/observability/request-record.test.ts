import { describe, expect, it } from "vitest";
import { errorTypeOf } from "./request-record.js";

describe("errorTypeOf", () => {
  it.each([
    [200, null, false, "none"],
    [429, "all_accounts_cooling", false, "agate_rate_limit"],
    [429, "all_accounts_busy", false, "agate_rate_limit"],
    [429, "rate_limit_exceeded", false, "upstream_rate_limit"],
    [504, "upstream_timeout", false, "upstream_timeout"],
    [502, "bad_upstream_response", false, "upstream_error"],
    [503, "upstream_auth_failed", false, "upstream_error"],
    [400, "upstream_invalid_request", false, "upstream_error"],
    [502, "upstream_finish_reason", false, "upstream_error"],
    [400, "context_length_exceeded", false, "bad_request"],
    [503, "no_accounts", false, "no_accounts"],
    [401, "invalid_api_key", false, "auth"],
    [403, "host_not_allowed", false, "auth"],
    [404, "unknown_route", false, "not_found"],
    [400, "invalid_request_error", false, "bad_request"],
    [413, "request_too_large", false, "bad_request"],
    [500, "internal_error", false, "internal"],
    [200, "bad_upstream_response", false, "upstream_error"],
    [200, null, true, "client_closed"],
  ] as const)("%i %s (client left: %s) → %s", (status, code, closed, type) => {
    expect(errorTypeOf(status, code, closed)).toBe(type);
  });
});
