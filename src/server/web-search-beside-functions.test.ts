import { describe, expect, it } from "vitest";
import type { GenerateRequest } from "../hub/types.js";
import { settleWebSearch } from "./web-search-beside-functions.js";

const weather = { name: "get_weather", parameters: { type: "object" } };
const request = (model: string, extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
  requestedModel: "gpt-4o",
  model,
  turns: [{ role: "user", parts: [{ type: "text", text: "Weather in Paris, and the news?" }] }],
  settings: {},
  stream: false,
  ...extra,
});

describe("settleWebSearch", () => {
  it("on every model the search is dropped beside function tools, the tools kept, with a warning (contract §9)", () => {
    for (const model of [
      "gemini-2.5-flash",
      "gemini-3.5-flash",
      "gemini-flash-latest",
      "tunedModels/my-model",
    ]) {
      const settled = settleWebSearch(request(model, { grounding: true, tools: [weather] }));
      expect(settled.request.grounding, model).toBeUndefined();
      expect(settled.request.tools, model).toEqual([weather]);
      expect(settled.warning, model).toContain("web search dropped");
    }
  });

  it("a search alone, or tools alone, is left as it is on any model", () => {
    for (const model of ["gemini-2.5-flash", "gemini-3.5-flash"]) {
      const alone = request(model, { grounding: true });
      expect(settleWebSearch(alone)).toEqual({ request: alone });
      const toolsOnly = request(model, { tools: [weather] });
      expect(settleWebSearch(toolsOnly)).toEqual({ request: toolsOnly });
    }
  });
});
