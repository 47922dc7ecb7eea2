import { describe, expect, it } from "vitest";
import type { AccountView } from "../accounts/account-view.js";
import { renderAccountsTable } from "./accounts-table.js";

function cooling(until: Date): AccountView {
  return {
    id: "gemini-1",
    object: "account",
    kind: "gemini",
    label: "alice@team",
    email: null,
    source: "config",
    enabled: true,
    state: "cooling",
    disabled_reason: null,
    cooldowns: [{ model: "gemini-2.5-pro", until: until.toISOString(), reason: "quota_exhausted" }],
    requests_today: 3,
    quota: [],
    base_url: null,
    base_urls: null,
    project_id: null,
    proxy_url: null,
    max_concurrent: null,
    models: null,
    fingerprint: "sha256:00000000",
  };
}

/** The STATE cell of the one row. */
const stateAt = (until: Date, now: Date) =>
  /cooling until [^(]*\(/.exec(renderAccountsTable([cooling(until)], now.getTime()))?.[0];

describe("accounts list: when a cool-down ends", () => {
  it("shows the time alone when it ends later the same day", () => {
    expect(stateAt(new Date(2026, 10, 30, 17, 5), new Date(2026, 10, 30, 9, 0))).toBe(
      "cooling until 17:05 (",
    );
  });

  it("shows the date too when it ends on another day, even a few hours from now", () => {
    // 23:00 now, a quota that resets at 07:30 tomorrow: "07:30" alone would read as this morning.
    expect(stateAt(new Date(2026, 11, 1, 7, 30), new Date(2026, 10, 30, 23, 0))).toBe(
      "cooling until 2026-12-01 07:30 (",
    );
    expect(stateAt(new Date(2026, 11, 1, 18, 0), new Date(2026, 10, 30, 23, 0))).toBe(
      "cooling until 2026-12-01 18:00 (",
    );
  });
});
