import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL_ALIASES } from "./aliases.js";
import { ModelRouter } from "./model-router.js";

describe("ModelRouter precedence", () => {
  const router = new ModelRouter(
    {
      "gpt-4o": "gemini-2.5-pro",
      "gpt-*": "gemini-2.5-flash",
      "gpt-4*": "gemini-3-pro-preview",
      "claude-*-sonnet": "gemini-2.5-pro",
    },
    { "gpt-4o-mini": "gemini-2.5-flash-lite", "o1*": "gemini-2.5-pro", "text-*": "gemini-2.5-flash-lite" },
  );

  it.each([
    ["gpt-4o", "gemini-2.5-pro", "mapping"],
    ["gpt-4o-mini", "gemini-3-pro-preview", "mapping-wildcard"],
    ["gpt-3.5-turbo", "gemini-2.5-flash", "mapping-wildcard"],
    ["claude-3-5-sonnet", "gemini-2.5-pro", "mapping-wildcard"],
    ["o1-preview", "gemini-2.5-pro", "alias-wildcard"],
    ["gemini-2.5-flash", "gemini-2.5-flash", "unchanged"],
    ["GPT-4o", "GPT-4o", "unchanged"],
  ])("%s → %s (%s)", (requested, upstream, source) => {
    const route = router.route(requested);
    expect(route.upstream).toBe(upstream);
    expect(route.source).toBe(source);
  });

  it("an exact mapping key beats a wildcard with more literal characters", () => {
    const r = new ModelRouter({ "a-very-long-model*": "wild", "a-very-long-model-x": "exact" }, {});
    expect(r.route("a-very-long-model-x").upstream).toBe("exact");
  });

  it("a Gemini name written as its resource (models/…) is routed by its bare name, unless a rule names it whole", () => {
    const r = new ModelRouter(
      { "gemini-2.5-flash": "gemini-3-flash-preview", "models/special": "gemini-2.5-pro" },
      { "gpt-4o": "gemini-2.5-flash" },
    );
    expect(r.route("models/gemini-2.5-flash")).toMatchObject({
      requested: "models/gemini-2.5-flash",
      upstream: "gemini-3-flash-preview",
      source: "mapping",
    });
    expect(r.route("models/gemini-2.5-pro")).toMatchObject({
      upstream: "gemini-2.5-pro",
      source: "unchanged",
    });
    expect(r.route("models/special")).toMatchObject({ upstream: "gemini-2.5-pro", source: "mapping" });
    expect(r.route("models/gpt-4o")).toMatchObject({ upstream: "gemini-2.5-flash", source: "alias" });
  });

  it("model_mapping beats an exact alias", () => {
    const r = new ModelRouter({ "gpt-*": "mine" }, { "gpt-4o": "alias" });
    expect(r.route("gpt-4o")).toMatchObject({ upstream: "mine", source: "mapping-wildcard", rule: "gpt-*" });
  });
});

describe("wildcard ties", () => {
  it("the most literal characters wins", () => {
    const r = new ModelRouter({ "*-pro": "suffix", "gemini-*": "prefix" }, {});
    expect(r.route("gemini-2.5-pro").upstream).toBe("prefix");
  });

  it("equal literal characters: the longer pattern wins", () => {
    const r = new ModelRouter({ "ab*": "short", "a*b*": "long" }, {});
    expect(r.route("abb").upstream).toBe("long");
  });

  it("equal literals and length: alphabetical, whatever the declaration order", () => {
    const forward = new ModelRouter({ "x*z": "first", "*xz": "second" }, {});
    const reverse = new ModelRouter({ "*xz": "second", "x*z": "first" }, {});
    expect(forward.route("xz").upstream).toBe("second");
    expect(reverse.route("xz").upstream).toBe("second");
  });

  it("* matches an empty run and is case-sensitive", () => {
    const r = new ModelRouter({ "gpt-4o*": "hit" }, {});
    expect(r.route("gpt-4o").upstream).toBe("hit");
    expect(r.route("GPT-4O-x").source).toBe("unchanged");
  });

  it("regex characters in patterns are literal", () => {
    const r = new ModelRouter({ "gpt-4.1*": "dot" }, {});
    expect(r.route("gpt-4x1").source).toBe("unchanged");
    expect(r.route("gpt-4.1-mini").upstream).toBe("dot");
  });
});

describe("built-in aliases", () => {
  const router = new ModelRouter({}, DEFAULT_MODEL_ALIASES);
  it.each(["gpt-4o", "gpt-4", "gpt-3.5-turbo", "gpt-4o-2024-08-06", "gpt-3.5-turbo-0125"])(
    "%s maps to Gemini",
    (name) => {
      expect(router.route(name).upstream).toMatch(/^gemini-/);
    },
  );

  // OpenAI's dated snapshots (and other suffixes) of an aliased name go where that name goes.
  it.each([
    ["gpt-4o-mini-2024-07-18", "gpt-4o-mini"],
    ["gpt-4.1-2025-04-14", "gpt-4.1"],
    ["gpt-4.1-mini-2025-04-14", "gpt-4.1-mini"],
    ["gpt-4.1-nano-2025-04-14", "gpt-4.1-nano"],
    ["gpt-5-2025-08-07", "gpt-5"],
    ["gpt-5-mini-2025-08-07", "gpt-5-mini"],
    ["gpt-5-nano-2025-08-07", "gpt-5-nano"],
    ["o1-2024-12-17", "o1"],
    ["o3-2025-04-16", "o3"],
    ["o3-mini-2025-01-31", "o3-mini"],
    ["o4-mini-2025-04-16", "o4-mini"],
  ])("the snapshot %s goes where %s goes", (snapshot, base) => {
    expect(router.route(snapshot).upstream).toBe(router.route(base).upstream);
  });

  // Point releases and other names tools send by default, with the tier of the name they go where:
  // mini/nano (and GPT-5.6 Luna, the smallest of its family) to Flash/Flash-Lite, the rest to Pro.
  it.each([
    ["gpt-5.1", "gpt-5"],
    ["gpt-5.2", "gpt-5"],
    ["gpt-5.1-codex", "gpt-5"],
    ["gpt-5.1-2025-11-13", "gpt-5"],
    ["gpt-5.6-sol", "gpt-5"],
    ["gpt-5-codex", "gpt-5"],
    ["gpt-5.1-mini", "gpt-5-mini"],
    ["gpt-5.1-codex-mini", "gpt-5-mini"],
    ["gpt-5-codex-mini", "gpt-5-mini"],
    ["gpt-5.6-luna", "gpt-5-mini"],
    ["gpt-5.6-luna-fast", "gpt-5-mini"],
    ["gpt-5.4-nano", "gpt-5-nano"],
    ["gpt-4.5-preview", "gpt-5"],
    ["gpt-4.5-preview-2025-02-27", "gpt-5"],
    ["o3-pro", "o3"],
    ["o3-pro-2025-06-10", "o3"],
    ["o1-pro", "o1"],
    ["o1-mini", "o3-mini"],
    ["o1-mini-2024-09-12", "o3-mini"],
    ["chatgpt-4o-latest", "gpt-4o"],
    ["gpt-4o-2024-05-13", "gpt-4o"],
    ["gpt-4o-2024-11-20", "gpt-4o"],
  ])("%s goes where %s goes", (name, base) => {
    const route = router.route(name);
    expect(route.source).not.toBe("unchanged");
    expect(route.upstream).toBe(router.route(base).upstream);
  });

  it("the tiers: gpt-5 to Pro, its mini to Flash, its nano to Flash-Lite", () => {
    expect(router.route("gpt-5").upstream).toBe("gemini-3.1-pro-preview");
    expect(router.route("gpt-5-mini").upstream).toBe("gemini-3.5-flash");
    expect(router.route("gpt-5-nano").upstream).toBe("gemini-3.1-flash-lite");
  });

  // Google shut Gemini 2.0 down on 2026-06-01 and 2.5 Pro and Flash in 2026: a built-in alias to either
  // would answer a real account with model-not-found.
  it("no built-in alias sends to a Gemini 1.x, 2.0 or 2.5 model", () => {
    const retired = Object.entries(DEFAULT_MODEL_ALIASES).filter(([, model]) => /^gemini-[12]\./.test(model));
    expect(retired).toEqual([]);
  });

  it("exactNames never lists a wildcard", () => {
    const names = new ModelRouter({ "a*": "x", b: "y" }, DEFAULT_MODEL_ALIASES).exactNames();
    expect(names).toContain("b");
    expect(names).toContain("gpt-4o");
    expect(names.some((name) => name.includes("*"))).toBe(false);
  });
});
