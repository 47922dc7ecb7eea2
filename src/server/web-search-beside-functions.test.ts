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
  it("Gemini 3 (and the rolling names) searches beside function tools: the request is left as it is", () => {
    for (const model of ["gemini-3.5-flash", "gemini-3.1-pro-preview", "gemini-flash-latest"]) {
      const searching = request(model, { grounding: true, tools: [weather] });
      expect(settleWebSearch(searching), model).toEqual({ request: searching });
    }
  });

  it("before Gemini 3 the search is dropped beside function tools, the tools kept, with a warning naming the model", () => {
    const settled = settleWebSearch(request("gemini-2.5-flash", { grounding: true, tools: [weather] }));
    expect(settled.request.grounding).toBeUndefined();
    expect(settled.request.tools).toEqual([weather]);
    expect(settled.warning).toContain("web search dropped");
    expect(settled.warning).toContain("gemini-2.5-flash");
  });

  it("a model agate cannot place (a tuned one, another provider's) is taken as unable to do both", () => {
    const settled = settleWebSearch(request("tunedModels/my-model", { grounding: true, tools: [weather] }));
    expect(settled.request.grounding).toBeUndefined();
    expect(settled.warning).toBeDefined();
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
