import { describe, expect, it } from "vitest";
import { urlPath } from "./url-path.js";

describe("urlPath", () => {
  it("drops the query and nothing else", () => {
    expect(urlPath("/v1/models?limit=2")).toBe("/v1/models");
    expect(urlPath("/healthz")).toBe("/healthz");
    expect(urlPath("/admin/requests?before=3?x")).toBe("/admin/requests");
    expect(urlPath("?only=query")).toBe("");
  });
});
