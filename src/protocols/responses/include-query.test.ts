import { describe, expect, it } from "vitest";
import { includeOfQuery } from "./include-query.js";

describe("includeOfQuery (the include of a GET on a stored response)", () => {
  it("none: an empty set", () => {
    expect(includeOfQuery({})).toEqual(new Set());
    expect(includeOfQuery({ limit: "2" })).toEqual(new Set());
  });

  it("include[]= as the openai SDK sends it, include= once or repeated, include[0]= as qs indices", () => {
    expect(includeOfQuery({ "include[]": "code_interpreter_call.outputs" })).toEqual(
      new Set(["code_interpreter_call.outputs"]),
    );
    expect(
      includeOfQuery({ "include[]": ["code_interpreter_call.outputs", "reasoning.encrypted_content"] }),
    ).toEqual(new Set(["code_interpreter_call.outputs", "reasoning.encrypted_content"]));
    expect(includeOfQuery({ include: "reasoning.encrypted_content" })).toEqual(
      new Set(["reasoning.encrypted_content"]),
    );
    expect(
      includeOfQuery({ include: ["message.output_text.logprobs", "web_search_call.action.sources"] }),
    ).toEqual(new Set(["message.output_text.logprobs", "web_search_call.action.sources"]));
    expect(
      includeOfQuery({
        "include[1]": "file_search_call.results",
        "include[0]": "code_interpreter_call.outputs",
      }),
    ).toEqual(new Set(["code_interpreter_call.outputs", "file_search_call.results"]));
  });

  it("an unknown value: OpenAI's 400, naming its place and listing what it takes", () => {
    const refusal = () => includeOfQuery({ "include[]": ["reasoning.encrypted_content", "usage"] });
    expect(refusal).toThrow(
      expect.objectContaining({ status: 400, param: "include[1]", code: "invalid_value" }),
    );
    expect(refusal).toThrow(
      /^Invalid value: 'usage'\. Supported values are: 'file_search_call\.results', .*, and 'message\.output_text\.logprobs'\.$/,
    );
    expect(() => includeOfQuery({ include: "" })).toThrow(expect.objectContaining({ param: "include[0]" }));
  });
});
