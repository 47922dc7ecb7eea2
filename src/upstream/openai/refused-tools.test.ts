import { describe, expect, it } from "vitest";
import type { GenerateRequest } from "../../hub/types.js";
import { refusedTool } from "./refused-tools.js";

const request = (over: Partial<GenerateRequest>): GenerateRequest => ({
  requestedModel: "local-llama",
  model: "llama3.1:8b",
  turns: [{ role: "user", parts: [{ type: "text", text: "6 * 7?" }] }],
  settings: {},
  stream: false,
  ...over,
});

describe("refusedTool (what an OpenAI-compatible server cannot be asked for)", () => {
  it("code execution (the Responses code_interpreter tool): a 400 naming tools and what to do", () => {
    const error = refusedTool(request({ codeExecution: true }));
    expect(error).toMatchObject({ status: 400, type: "invalid_request_error", param: "tools" });
    expect(error?.message).toMatch(/code_interpreter.*'llama3\.1:8b'.*OpenAI-compatible/);
    expect(error?.message).toMatch(/model_mapping/);
  });

  it("a request without it goes, code replayed from an earlier turn included (dropped with its text kept)", () => {
    expect(refusedTool(request({}))).toBeUndefined();
    expect(refusedTool(request({ codeExecution: false }))).toBeUndefined();
  });

  it("a web search: a 400 naming the param that asked for it, and what to do", () => {
    const error = refusedTool(request({ grounding: true, searchParam: "web_search_options" }));
    expect(error).toMatchObject({ status: 400, type: "invalid_request_error", param: "web_search_options" });
    expect(error?.message).toMatch(/web search.*'llama3\.1:8b'.*OpenAI-compatible/);
    expect(error?.message).toMatch(/model_mapping/);
    expect(refusedTool(request({ grounding: true, searchParam: "model" }))?.param).toBe("model");
    expect(refusedTool(request({ grounding: true }))?.param).toBe("tools");
    expect(refusedTool(request({ grounding: false }))).toBeUndefined();
  });

  it("a web search on an OpenAI search model goes: the server searches on its own (no tool to send)", () => {
    for (const model of [
      "gpt-4o-search-preview",
      "gpt-5-search-api",
      "gpt-4o-mini-search-preview-2025-03-11",
    ])
      expect(refusedTool(request({ model, grounding: true, searchParam: "model" }))).toBeUndefined();
  });
});
