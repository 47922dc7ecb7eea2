import { describe, expect, it } from "vitest";
import { ModelRouter } from "./model-router.js";
import { unservedModelAdvice } from "./unserved-model-advice.js";

const router = new ModelRouter(
  { "team-model": "gemini-0-gone", "team-*": "gemini-0-wild" },
  { "gpt-4o": "gemini-3.5-flash", "gpt-4o-*": "gemini-3.5-flash" },
);

describe("unservedModelAdvice", () => {
  it("a built-in alias: names it, its target, and how to map the name elsewhere", () => {
    expect(unservedModelAdvice(router.route("gpt-4o"))).toBe(
      "'gpt-4o' is mapped to 'gemini-3.5-flash' by agate's built-in aliases (model_aliases), and the upstream " +
        "has no such model: map it to one your accounts serve with model_mapping (GET /v1/models lists them).",
    );
  });

  it("a built-in alias pattern: the pattern is named", () => {
    expect(unservedModelAdvice(router.route("gpt-4o-2024-08-06"))).toContain(
      "'gpt-4o-2024-08-06' is mapped to 'gemini-3.5-flash' by agate's built-in alias 'gpt-4o-*' (model_aliases)",
    );
  });

  it("model_mapping, exact or a pattern: says to change that mapping", () => {
    expect(unservedModelAdvice(router.route("team-model"))).toBe(
      "'team-model' is mapped to 'gemini-0-gone' by model_mapping, and the upstream has no such model: " +
        "map it to one your accounts serve (GET /v1/models lists them).",
    );
    expect(unservedModelAdvice(router.route("team-x"))).toContain(
      "'team-x' is mapped to 'gemini-0-wild' by the model_mapping pattern 'team-*'",
    );
  });

  it("a name sent as it is: nothing to add", () => {
    expect(unservedModelAdvice(router.route("gemini-9-flash"))).toBeUndefined();
  });
});
