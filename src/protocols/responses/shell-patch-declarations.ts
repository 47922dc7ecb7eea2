import { invalidRequest } from "../../errors.js";
import type { ToolDeclaration } from "../../hub/types.js";

/**
 * GPT-5.1's client-run tools `shell` and `apply_patch` as the functions Gemini is given. OpenAI's models
 * were trained on these tools; Gemini knows them only by what the declaration says, so the descriptions
 * spell out what each field holds and, for apply_patch, the diff format the client applies (V4A).
 */

export const SHELL = "shell";
export const APPLY_PATCH = "apply_patch";

export const SHELL_DECLARATION: ToolDeclaration = {
  name: SHELL,
  description:
    "Run shell commands on the user's machine and get back, for each command, its stdout, its stderr and " +
    "its exit code (or that it timed out). `commands` holds one or more complete command lines, run one " +
    "after the other in the order given, each as the user's shell (e.g. bash) reads a line: pipes, " +
    "redirections and && work within a line. Use it to look at files and directories, search the code, " +
    "build, and run tests.",
  parameters: {
    type: "object",
    properties: {
      commands: {
        type: "array",
        items: { type: "string" },
        description:
          'The command lines to run, in order, each one whole string (e.g. "ls -la src", ' +
          '"grep -rn TODO ."), not a program split from its arguments.',
      },
      timeout_ms: {
        type: "integer",
        description: "Optional: how long the commands may run, in milliseconds, before they are stopped.",
      },
      max_output_length: {
        type: "integer",
        description: "Optional: the most characters of output to return for each command.",
      },
    },
    required: ["commands"],
  },
};

export const APPLY_PATCH_DECLARATION: ToolDeclaration = {
  name: APPLY_PATCH,
  description:
    "Create, update or delete one file in the user's workspace; for several files, make several calls. " +
    "`operation.type` says what to do, `operation.path` names the file relative to the workspace root, " +
    "and `operation.diff` gives the change in the V4A diff format. For create_file, the diff is the whole " +
    "new file with every line prefixed by '+'. For update_file, the diff is one or more hunks, each " +
    "opened by a line '@@' (optionally followed by a line of the file that locates it, e.g. " +
    "'@@ def main():'), then the hunk's lines, each prefixed by ' ' (unchanged context: about three " +
    "lines before and after each change), '-' (removed) or '+' (added); no line numbers. delete_file " +
    "takes no diff.",
  parameters: {
    type: "object",
    properties: {
      operation: {
        type: "object",
        description: "The change to make to one file.",
        properties: {
          type: {
            type: "string",
            enum: ["create_file", "update_file", "delete_file"],
            description: "create_file (a new file), update_file (an existing file), delete_file.",
          },
          path: { type: "string", description: "The file's path, relative to the workspace root." },
          diff: {
            type: "string",
            description:
              "The V4A diff: for create_file, each line of the new file prefixed by '+'; for update_file, " +
              "'@@' hunks of ' ', '-' and '+' lines. Left out for delete_file.",
          },
        },
        required: ["type", "path"],
      },
    },
    required: ["operation"],
  },
};

/**
 * A shell tool runs on the client unless it names an OpenAI-hosted container (`container_auto`,
 * `container_reference`), which agate has none of: that one is a 400 naming its environment.
 */
export function checkShellEnvironment(environment: unknown, param: string): void {
  if (environment == null) return;
  const type = (environment as { type?: unknown }).type;
  if (type === "local") return;
  throw invalidRequest(
    `The shell tool's environment '${String(type)}' is a container hosted by OpenAI, which agate cannot ` +
      "run: declare the shell tool without an environment, or with {type: 'local'}, and run its commands " +
      "on your side.",
    `${param}.environment`,
    "unsupported_tool",
  );
}
