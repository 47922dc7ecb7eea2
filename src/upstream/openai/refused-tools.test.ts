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
});
