import { describe, expect, it } from "vitest";
import { AgateError } from "../../errors.js";
import { CallOutputs } from "./call-outputs.js";

const paramOf = (index: number) => `input[${index}]`;

function thrown(run: () => void): AgateError {
  try {
    run();
  } catch (error) {
    if (error instanceof AgateError) return error;
    throw error;
  }
  throw new Error("expected a 400");
}

describe("CallOutputs", () => {
  it("an output gets the name of the call it answers; all answered → end passes", () => {
    const calls = new CallOutputs();
    calls.call("function_call", "a", "get_weather", 0);
    calls.call("custom_tool_call", "b", "apply_patch", 1);
    expect(calls.output("custom_tool_call_output", "b", "input[2].call_id")).toBe("apply_patch");
    expect(calls.output("function_call_output", "a", "input[3].call_id")).toBe("get_weather");
    expect(() => calls.end(paramOf)).not.toThrow();
  });

  it("an output with no call before it → 400 naming its call_id, in OpenAI's words", () => {
    const error = thrown(() => new CallOutputs().output("function_call_output", "c9", "input[4].call_id"));
    expect(error.status).toBe(400);
    expect(error.param).toBe("input[4].call_id");
    expect(error.message).toMatch(/^No tool call found for function call output with call_id c9\. /);
  });

  it("calls without output → 400 naming the first one's item, listing the others", () => {
    const calls = new CallOutputs();
    calls.call("local_shell_call", "s1", "local_shell", 2);
    calls.call("function_call", "f1", "f", 3);
    const error = thrown(() => calls.end(paramOf));
    expect(error.param).toBe("input[2]");
    expect(error.message).toMatch(/^No tool output found for local shell call s1\. /);
    expect(error.message).toContain("local_shell_call_output");
    expect(error.message).toContain("Calls without output too: f1.");
  });

  it("shell and apply_patch calls are answered by their own output types", () => {
    const calls = new CallOutputs();
    calls.call("shell_call", "s", "shell", 0);
    calls.call("apply_patch_call", "p", "apply_patch", 1);
    expect(calls.output("apply_patch_call_output", "p", "input[2].call_id")).toBe("apply_patch");
    const error = thrown(() => calls.end(paramOf));
    expect(error.message).toMatch(/^No tool output found for shell call s\. Add a shell_call_output item /);
    const stray = thrown(() => calls.output("shell_call_output", "x", "input[3].call_id"));
    expect(stray.message).toMatch(/^No tool call found for shell call output with call_id x\. /);
    expect(stray.message).toContain("apply_patch_call");
  });

  it("a call the param function names outside `input` (the history) is answered in input", () => {
    const calls = new CallOutputs();
    calls.call("function_call", "h1", "f", 0);
    expect(thrown(() => calls.end(() => "previous_response_id")).param).toBe("input");
  });
});
