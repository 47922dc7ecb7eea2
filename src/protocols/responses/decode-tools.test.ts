import { describe, expect, it } from "vitest";
import { AgateError } from "../../errors.js";
import { decodeResponsesRequest, parseResponsesRequest } from "./decode-request.js";
import { decodeResponsesTools, flattenedName, LOCAL_SHELL } from "./decode-tools.js";
import { APPLY_PATCH, SHELL } from "./shell-patch-declarations.js";

/** Tools as a client sends them: validated by the request schema first, as the route does. */
function decode(tools: unknown[], tool_choice?: unknown) {
  const body = parseResponsesRequest({
    model: "gpt-5-codex",
    input: "hi",
    tools,
    ...(tool_choice === undefined ? {} : { tool_choice }),
  });
  return decodeResponsesTools(body);
}

function errorOf(run: () => unknown): AgateError {
  try {
    run();
  } catch (error) {
    if (error instanceof AgateError) return error;
    throw error;
  }
  throw new Error("expected a 400");
}

const weather = {
  type: "function",
  name: "get_weather",
  description: "Weather in a city",
  parameters: {
    type: "object",
    properties: { city: { type: "string" } },
    required: ["city"],
    additionalProperties: false,
  },
  strict: true,
};

/** Codex's MCP tools: a namespace holding plain function tools. */
const codexNamespace = {
  type: "namespace",
  name: "github",
  description: "Tools of the github MCP server",
  tools: [
    {
      type: "function",
      name: "search_issues",
      description: "Search issues",
      strict: false,
      parameters: { type: "object", properties: { query: { type: "string" } }, required: ["query"] },
    },
    { type: "function", name: "get_me", parameters: { type: "object", properties: {} } },
  ],
};

const applyPatch = {
  type: "custom",
  name: "apply_patch",
  description: "Use the `apply_patch` tool to edit files.",
  format: {
    type: "grammar",
    syntax: "lark",
    definition: 'start: begin_patch hunk+ end_patch\nbegin_patch: "*** Begin Patch"',
  },
};

describe("decodeResponsesTools: tool forms", () => {
  it("a function tool (flat Responses form) becomes a declaration and maps back as a function", () => {
    const tools = decode([weather]);
    expect(tools.declarations).toEqual([
      { name: "get_weather", description: "Weather in a city", parameters: weather.parameters },
    ]);
    expect(tools.kinds.get("get_weather")).toEqual({ kind: "function", name: "get_weather" });
    expect(tools.grounding).toBe(false);
    expect(tools.warnings).toEqual([]);
    expect(tools.toolChoice).toBeUndefined();
  });

  it("a function tool without description or parameters declares just its name", () => {
    const tools = decode([
      { type: "function", name: "now", description: null, parameters: null, strict: false },
    ]);
    expect(tools.declarations).toEqual([{ name: "now" }]);
  });

  it("Codex's namespace tools are flattened to ns__fn and map back to {name, namespace}", () => {
    expect(flattenedName("github", "search_issues")).toBe("github__search_issues");
    const tools = decode([codexNamespace]);
    expect(tools.declarations.map((declaration) => declaration.name)).toEqual([
      "github__search_issues",
      "github__get_me",
    ]);
    expect(tools.declarations[0]).toEqual({
      name: "github__search_issues",
      description: "Search issues",
      parameters: codexNamespace.tools[0]?.parameters,
    });
    expect(tools.kinds.get("github__search_issues")).toEqual({
      kind: "function",
      name: "search_issues",
      namespace: "github",
    });
    expect(tools.kinds.get("github__get_me")).toEqual({
      kind: "function",
      name: "get_me",
      namespace: "github",
    });
  });

  it("an empty namespace (Codex sends one when an MCP server has no tools) declares nothing", () => {
    const tools = decode([{ type: "namespace", name: "mcp", description: "", tools: [] }]);
    expect(tools.declarations).toEqual([]);
    expect(tools.kinds.size).toBe(0);
  });

  it("a custom tool inside a namespace keeps its free-form input", () => {
    const tools = decode([
      {
        type: "namespace",
        name: "editor",
        description: "Editing",
        tools: [{ type: "custom", name: "apply_patch" }],
      },
    ]);
    expect(tools.declarations[0]?.name).toBe("editor__apply_patch");
    expect(tools.declarations[0]?.parameters).toMatchObject({ properties: { input: { type: "string" } } });
    expect(tools.kinds.get("editor__apply_patch")).toMatchObject({ kind: "custom" });
  });

  it("a custom tool (free-form input, e.g. Codex's apply_patch grammar) takes one `input` string", () => {
    const tools = decode([applyPatch]);
    expect(tools.declarations).toEqual([
      {
        name: "apply_patch",
        description: "Use the `apply_patch` tool to edit files.",
        parameters: {
          type: "object",
          properties: { input: { type: "string", description: expect.any(String) } },
          required: ["input"],
        },
      },
    ]);
    expect(tools.kinds.get("apply_patch")).toEqual({ kind: "custom", name: "apply_patch" });
  });

  it("local_shell becomes a `local_shell` function taking a command array", () => {
    const tools = decode([{ type: "local_shell" }]);
    expect(LOCAL_SHELL).toBe("local_shell");
    expect(tools.declarations).toHaveLength(1);
    expect(tools.declarations[0]).toMatchObject({
      name: "local_shell",
      parameters: {
        type: "object",
        properties: { command: { type: "array", items: { type: "string" } } },
        required: ["command"],
      },
    });
    expect(tools.kinds.get("local_shell")).toEqual({ kind: "local_shell" });
  });
});

describe("decodeResponsesTools: shell and apply_patch (GPT-5.1's client-run tools)", () => {
  it("shell becomes a `shell` function taking command lines, with a description that says how", () => {
    const tools = decode([{ type: "shell" }]);
    expect(SHELL).toBe("shell");
    expect(tools.declarations).toHaveLength(1);
    const [declaration] = tools.declarations;
    expect(declaration).toMatchObject({
      name: "shell",
      parameters: {
        type: "object",
        properties: {
          commands: { type: "array", items: { type: "string" } },
          timeout_ms: { type: "integer" },
          max_output_length: { type: "integer" },
        },
        required: ["commands"],
      },
    });
    expect(declaration?.description).toMatch(/commands/);
    expect(declaration?.description).toMatch(/stdout/);
    expect(tools.kinds.get("shell")).toEqual({ kind: "shell" });
  });

  it.each([[{ type: "local" }], [null]])(
    "shell with environment %j is the client's own shell",
    (environment) => {
      const tools = decode([{ type: "shell", environment }]);
      expect(tools.kinds.get("shell")).toEqual({ kind: "shell" });
    },
  );

  it.each([[{ type: "container_auto" }], [{ type: "container_reference", container_id: "cntr_1" }]])(
    "shell in an OpenAI-hosted container %j → 400 naming tools[1].environment",
    (environment) => {
      const error = errorOf(() => decode([weather, { type: "shell", environment }]));
      expect(error.status).toBe(400);
      expect(error.param).toBe("tools[1].environment");
      expect(error.message).toContain(environment.type);
      expect(error.message).toMatch(/local/);
    },
  );

  it("apply_patch becomes an `apply_patch` function taking one file operation, its V4A diff explained", () => {
    const tools = decode([{ type: "apply_patch" }]);
    expect(APPLY_PATCH).toBe("apply_patch");
    const [declaration] = tools.declarations;
    expect(declaration).toMatchObject({
      name: "apply_patch",
      parameters: {
        type: "object",
        properties: {
          operation: {
            type: "object",
            properties: {
              type: { type: "string", enum: ["create_file", "update_file", "delete_file"] },
              path: { type: "string" },
              diff: { type: "string" },
            },
            required: ["type", "path"],
          },
        },
        required: ["operation"],
      },
    });
    expect(declaration?.description).toMatch(/create_file/);
    expect(declaration?.description).toMatch(/@@/);
    expect(tools.kinds.get("apply_patch")).toEqual({ kind: "apply_patch" });
  });

  it("both, as the Agents SDK's shellTool() and applyPatchTool() send them, beside a function", () => {
    const tools = decode([
      weather,
      { type: "shell", environment: { type: "local" } },
      { type: "apply_patch" },
    ]);
    expect(tools.declarations.map((declaration) => declaration.name)).toEqual([
      "get_weather",
      "shell",
      "apply_patch",
    ]);
  });

  it("tool_choice {type: shell} and {type: apply_patch} → their functions", () => {
    const both = [{ type: "shell" }, { type: "apply_patch" }];
    expect(decode(both, { type: "shell" }).toolChoice).toEqual({ type: "named", name: SHELL });
    expect(decode(both, { type: "apply_patch" }).toolChoice).toEqual({ type: "named", name: APPLY_PATCH });
  });

  it("tool_choice naming shell or apply_patch when it is not in tools → 400 naming tool_choice.type", () => {
    const error = errorOf(() => decode([weather], { type: "apply_patch" }));
    expect(error.status).toBe(400);
    expect(error.param).toBe("tool_choice.type");
    expect(error.message).toContain("apply_patch");
  });

  it("allowed_tools: shell and apply_patch entries by their function's name", () => {
    const choice = decode([weather, { type: "shell" }, { type: "apply_patch" }], {
      type: "allowed_tools",
      mode: "auto",
      tools: [{ type: "shell" }, { type: "apply_patch" }],
    }).toolChoice;
    expect(choice).toEqual({ type: "allowed", mode: "auto", names: [SHELL, APPLY_PATCH] });
  });
});

describe("decodeResponsesTools: web search", () => {
  it("web_search with external_web_access: false (Codex, every request) is dropped silently", () => {
    const tools = decode([weather, { type: "web_search", external_web_access: false }]);
    expect(tools.declarations.map((declaration) => declaration.name)).toEqual(["get_weather"]);
    expect(tools.grounding).toBe(false);
    expect(tools.warnings).toEqual([]);
  });

  it("cached-only web_search alone is dropped too: no grounding, no tools", () => {
    const tools = decode([{ type: "web_search", external_web_access: false }]);
    expect(tools.declarations).toEqual([]);
    expect(tools.grounding).toBe(false);
    expect(tools.warnings).toEqual([]);
  });

  it.each([
    [{ type: "web_search" }],
    [{ type: "web_search", external_web_access: true, user_location: { type: "approximate" } }],
    [{ type: "web_search_preview", filters: { allowed_domains: [] }, search_context_size: null }],
    [{ type: "web_search_2025_08_26" }],
  ])("live %j without function tools → Gemini grounding", (tool) => {
    const tools = decode([tool]);
    expect(tools.grounding).toBe(true);
    expect(tools.declarations).toEqual([]);
    expect(tools.warnings).toEqual([]);
    expect(tools.searchWarnings).toEqual([]);
  });

  it("a live search's location and context size are not honoured: it searches, and warns naming them (if it runs)", () => {
    const tools = decode([
      {
        type: "web_search",
        user_location: { type: "approximate", country: "FR", city: "Paris", timezone: "Europe/Paris" },
        search_context_size: "high",
      },
    ]);
    expect(tools.grounding).toBe(true);
    expect(tools.warnings).toEqual([]);
    expect(tools.searchWarnings).toEqual([
      expect.stringContaining(
        "not honoured, the search runs without them: web_search user_location, web_search search_context_size",
      ),
    ]);
    const preview = decode([{ type: "web_search_preview", search_context_size: "low" }]);
    expect(preview.searchWarnings).toEqual([
      expect.stringContaining(": web_search_preview search_context_size ("),
    ]);
  });

  it("a live search's domain list is a 400 naming it (a search of the whole web would change the answer)", () => {
    const error = errorOf(() =>
      decode([weather, { type: "web_search", filters: { allowed_domains: ["docs.python.org"] } }]),
    );
    expect(error.status).toBe(400);
    expect(error.param).toBe("tools[1].filters.allowed_domains");
    expect(error.message).toContain("allowed_domains");
  });

  it("a search that does not run (cached only) warns of none of its options", () => {
    const tools = decode([
      { type: "web_search", external_web_access: false, filters: { allowed_domains: ["a.example"] } },
    ]);
    expect(tools.warnings).toEqual([]);
    expect(tools.searchWarnings).toEqual([]);
  });

  it("live web_search next to function tools is dropped, the tools kept, with a warning (contract §9); its options unsaid", () => {
    const tools = decode([{ type: "web_search", search_context_size: "high" }, weather]);
    expect(tools.grounding).toBe(false);
    expect(tools.declarations.map((declaration) => declaration.name)).toEqual(["get_weather"]);
    expect(tools.warnings).toEqual([expect.stringContaining("web search dropped")]);
    expect(tools.searchWarnings).toEqual([]);
    // A search alone, or tools alone, are left as they are.
    expect(decode([{ type: "web_search" }]).grounding).toBe(true);
    const toolsOnly = decode([weather]);
    expect(toolsOnly.grounding).toBe(false);
    expect(toolsOnly.warnings).toEqual([]);
  });

  it("a tool_choice that lets no search happen (none, allowed_tools without web_search) → no grounding", () => {
    expect(decode([{ type: "web_search" }], "none").grounding).toBe(false);
    const allowedNone = decode([{ type: "web_search" }], { type: "allowed_tools", mode: "auto", tools: [] });
    expect(allowedNone.grounding).toBe(false);
    expect(decode([{ type: "web_search" }], "auto").grounding).toBe(true);
    const allowedSearch = decode([{ type: "web_search_preview" }], {
      type: "allowed_tools",
      mode: "auto",
      tools: [{ type: "web_search_preview" }],
    });
    expect(allowedSearch.grounding).toBe(true);
  });

  it("the request carries grounding through to the GenerateRequest", () => {
    const body = parseResponsesRequest({ model: "gpt-4o", input: "news?", tools: [{ type: "web_search" }] });
    const decoded = decodeResponsesRequest(body, { history: [], resolveItem: () => undefined });
    expect(decoded.generate.grounding).toBe(true);
    expect(decoded.generate.tools).toBeUndefined();
  });
});

describe("decodeResponsesTools: code interpreter", () => {
  it.each([
    [{ type: "code_interpreter", container: { type: "auto" } }],
    [{ type: "code_interpreter", container: { type: "auto", file_ids: [], memory_limit: "1g" } }],
    [{ type: "code_interpreter", container: "cntr_abc" }],
  ])("%j without function tools → Gemini's code execution", (tool) => {
    const tools = decode([tool]);
    expect(tools.codeExecution).toBe(true);
    expect(tools.grounding).toBe(false);
    expect(tools.declarations).toEqual([]);
    expect(tools.warnings).toEqual([]);
  });

  it("beside web_search: both, Gemini runs code and searches in one answer", () => {
    const tools = decode([{ type: "web_search" }, { type: "code_interpreter", container: { type: "auto" } }]);
    expect(tools.codeExecution).toBe(true);
    expect(tools.grounding).toBe(true);
  });

  it("next to function tools it is dropped with a warning, as web_search is (Gemini runs no code beside functions)", () => {
    const tools = decode([{ type: "code_interpreter", container: { type: "auto" } }, weather]);
    expect(tools.codeExecution).toBe(false);
    expect(tools.declarations.map((declaration) => declaration.name)).toEqual(["get_weather"]);
    expect(tools.warnings).toHaveLength(1);
    expect(tools.warnings[0]).toContain("code_interpreter");
  });

  it("a tool_choice that lets no code run (none, allowed_tools without code_interpreter) → no code execution", () => {
    const tool = { type: "code_interpreter", container: { type: "auto" } };
    expect(decode([tool], "none").codeExecution).toBe(false);
    expect(decode([tool], { type: "allowed_tools", mode: "auto", tools: [] }).codeExecution).toBe(false);
    const searchOnly = decode([tool, { type: "web_search" }], {
      type: "allowed_tools",
      mode: "auto",
      tools: [{ type: "web_search" }],
    });
    expect([searchOnly.codeExecution, searchOnly.grounding]).toEqual([false, true]);
    expect(decode([tool], "auto").codeExecution).toBe(true);
    const allowed = decode([tool], {
      type: "allowed_tools",
      mode: "auto",
      tools: [{ type: "code_interpreter" }],
    });
    expect(allowed.codeExecution).toBe(true);
  });

  it("the request carries code execution through to the GenerateRequest", () => {
    const body = parseResponsesRequest({
      model: "gpt-4o",
      input: "What is 2**100?",
      tools: [{ type: "code_interpreter", container: { type: "auto" } }],
    });
    const decoded = decodeResponsesRequest(body, { history: [], resolveItem: () => undefined });
    expect(decoded.generate.codeExecution).toBe(true);
    expect(decoded.generate.tools).toBeUndefined();
    const plain = parseResponsesRequest({ model: "gpt-4o", input: "hi" });
    expect(
      decodeResponsesRequest(plain, { history: [], resolveItem: () => undefined }).generate,
    ).not.toHaveProperty("codeExecution");
  });
});

describe("decodeResponsesTools: built-in tools Gemini cannot serve", () => {
  it.each([
    { type: "file_search", vector_store_ids: ["vs_1"] },
    { type: "computer_use_preview", display_width: 1024, display_height: 768, environment: "browser" },
    { type: "image_generation" },
    {
      type: "mcp",
      server_label: "deepwiki",
      server_url: "https://mcp.deepwiki.com/mcp",
      require_approval: "never",
    },
  ])("$type → 400 naming tools[1].type", (tool) => {
    const error = errorOf(() => decode([weather, tool]));
    expect(error.status).toBe(400);
    expect(error.type).toBe("invalid_request_error");
    expect(error.param).toBe("tools[1].type");
    expect(error.message).toContain(tool.type);
  });

  it("tool_search, which Codex sends for a model name of its own catalog → 400 saying what a Codex user does", () => {
    const error = errorOf(() => decode([weather, { type: "tool_search", execution: "client" }]));
    expect(error.param).toBe("tools[1].type");
    expect(error.message).toMatch(/Codex/);
    expect(error.message).toMatch(/model name outside/);
  });
});

describe("decodeResponsesTools: two tools that give Gemini one function name", () => {
  const named = (type: string, name: string) => ({ type, name, parameters: { type: "object" } });

  it.each([
    [[{ type: "apply_patch" }, named("function", "apply_patch")], "tools[1].name", "apply_patch"],
    [[{ type: "apply_patch" }, applyPatch], "tools[1].name", "apply_patch"],
    [[named("function", "shell"), { type: "shell" }], "tools[1].type", "shell"],
    [[{ type: "local_shell" }, named("custom", "local_shell")], "tools[1].name", "local_shell"],
    [[weather, { type: "local_shell" }, { type: "local_shell" }], "tools[2].type", "local_shell"],
  ])(
    "a built-in tool and a tool of its function's name → 400 naming the second (%#)",
    (tools, param, name) => {
      const error = errorOf(() => decode(tools));
      expect(error.status).toBe(400);
      expect(error.type).toBe("invalid_request_error");
      expect(error.param).toBe(param);
      expect(error.message).toContain(`'${name}'`);
      expect(error.message).toMatch(/clash/);
      expect(error.message).toContain("tools[");
    },
  );

  it("two function tools of one name → the same 400, naming the second", () => {
    const error = errorOf(() =>
      decode([weather, named("function", "now"), { ...weather, description: "Other" }]),
    );
    expect(error.param).toBe("tools[2].name");
    expect(error.message).toContain("'get_weather'");
    expect(error.message).toContain("tools[0]");
    expect(error.message).toMatch(/clash/);
  });

  it("the same function tool sent twice alike is declared once, as chat does (no clash)", () => {
    const tools = decode([weather, named("function", "now"), { ...weather }]);
    expect(tools.declarations.map((declaration) => declaration.name)).toEqual(["get_weather", "now"]);
  });

  it("a namespace member whose flattened name is a function's → 400 naming the member", () => {
    const error = errorOf(() => decode([named("function", "github__get_me"), codexNamespace]));
    expect(error.param).toBe("tools[1].tools[1].name");
    expect(error.message).toContain("github__get_me");
  });

  it("the same name in two namespaces, or a namespace and a plain tool, is no clash", () => {
    const other = { ...codexNamespace, name: "gitlab" };
    const tools = decode([codexNamespace, other, named("function", "get_me")]);
    expect(tools.declarations).toHaveLength(5);
  });
});

describe("decodeResponsesTools: bad tool shapes", () => {
  it.each([
    [{ type: "function", parameters: { type: "object" } }],
    [{ type: "function", name: 42 }],
    [{ type: "function", function: { name: "get_weather", parameters: { type: "object" } } }],
  ])("a function tool without a string name %j → 400 naming tools[0].name", (tool) => {
    const error = errorOf(() => decode([tool]));
    expect(error.status).toBe(400);
    expect(error.param).toBe("tools[0].name");
  });

  it("a tool without a type → 400 naming tools[0]", () => {
    const error = errorOf(() => decode([{ name: "get_weather" }]));
    expect(error.status).toBe(400);
    expect(error.param).toMatch(/^tools\[0\]/);
  });
});

describe("decodeResponsesTools: tool_choice", () => {
  it.each([
    ["auto", { type: "auto" }],
    ["none", { type: "none" }],
    ["required", { type: "required" }],
  ])("%s → %j", (choice, expected) => {
    expect(decode([weather], choice).toolChoice).toEqual(expected);
  });

  it("a named function → named", () => {
    expect(decode([weather], { type: "function", name: "get_weather" }).toolChoice).toEqual({
      type: "named",
      name: "get_weather",
    });
  });

  it("a named function that is not in tools → 400 naming tool_choice.name", () => {
    const error = errorOf(() => decode([weather], { type: "function", name: "get_time" }));
    expect(error.status).toBe(400);
    expect(error.param).toBe("tool_choice.name");
  });

  it("a named custom tool → named", () => {
    expect(decode([applyPatch], { type: "custom", name: "apply_patch" }).toolChoice).toEqual({
      type: "named",
      name: "apply_patch",
    });
  });

  it("a named custom tool that is not in tools → 400 naming tool_choice.name, as for a function", () => {
    const error = errorOf(() => decode([applyPatch, weather], { type: "custom", name: "apply_pach" }));
    expect(error.status).toBe(400);
    expect(error.param).toBe("tool_choice.name");
  });

  it.each(["function", "custom"])("{type: %s} without a name → 400 naming tool_choice.name", (type) => {
    const error = errorOf(() => decode([applyPatch, weather], { type }));
    expect(error.status).toBe(400);
    expect(error.param).toBe("tool_choice.name");
  });

  it("{type: local_shell} → the local_shell function", () => {
    expect(decode([{ type: "local_shell" }], { type: "local_shell" }).toolChoice).toEqual({
      type: "named",
      name: "local_shell",
    });
  });

  it("{type: local_shell} when no local_shell tool is declared → 400 naming tool_choice.type, as shell", () => {
    for (const tools of [[weather], [{ type: "function", name: "local_shell" }]]) {
      const error = errorOf(() => decode(tools, { type: "local_shell" }));
      expect(error.status).toBe(400);
      expect(error.param).toBe("tool_choice.type");
      expect(error.message).toContain("local_shell");
    }
  });

  it("allowed_tools listing local_shell when no local_shell tool is declared → 400 naming the entry's type", () => {
    const error = errorOf(() =>
      decode([weather], {
        type: "allowed_tools",
        mode: "auto",
        tools: [{ type: "function", name: "get_weather" }, { type: "local_shell" }],
      }),
    );
    expect(error.status).toBe(400);
    expect(error.param).toBe("tool_choice.tools[1].type");
    expect(error.message).toContain("local_shell");
  });

  it("tool_choice without any declared tool is left out", () => {
    // (A request's validation refuses this one before: refuse-unsupported.ts.)
    expect(decodeResponsesTools({ tools: [], tool_choice: "required" }).toolChoice).toBeUndefined();
    expect(decode([{ type: "web_search", external_web_access: false }], "auto").toolChoice).toBeUndefined();
  });

  const time = { type: "function", name: "get_time", parameters: { type: "object", properties: {} } };

  it("allowed_tools limits the model to the tools it lists, in its mode", () => {
    const allowed = (mode: string) =>
      decode([weather, time], {
        type: "allowed_tools",
        mode,
        tools: [{ type: "function", name: "get_time" }],
      });
    expect(allowed("auto").toolChoice).toEqual({ type: "allowed", mode: "auto", names: ["get_time"] });
    expect(allowed("required").toolChoice).toEqual({
      type: "allowed",
      mode: "required",
      names: ["get_time"],
    });
  });

  it("allowed_tools: custom and local_shell entries by their function's name; hosted tools are let through", () => {
    const choice = decode([weather, { type: "custom", name: "apply_patch" }, { type: "local_shell" }], {
      type: "allowed_tools",
      mode: "required",
      tools: [{ type: "custom", name: "apply_patch" }, { type: "local_shell" }, { type: "web_search" }],
    }).toolChoice;
    expect(choice).toEqual({ type: "allowed", mode: "required", names: ["apply_patch", LOCAL_SHELL] });
    const onlyHosted = decode([weather], {
      type: "allowed_tools",
      mode: "auto",
      tools: [{ type: "web_search" }],
    });
    expect(onlyHosted.toolChoice).toEqual({ type: "auto" });
  });

  it("allowed_tools naming a function that is not in tools → 400 naming it", () => {
    const error = errorOf(() =>
      decode([weather], { type: "allowed_tools", mode: "auto", tools: [{ type: "function", name: "nope" }] }),
    );
    expect(error.param).toBe("tool_choice.tools[0].name");
  });
});

describe("decodeResponsesTools: a call forced where Gemini has no function to force", () => {
  const liveSearch = { type: "web_search" };
  const cachedSearch = { type: "web_search", external_web_access: false };
  const code = { type: "code_interpreter", container: { type: "auto" } };

  it.each([[[liveSearch]], [[code]], [[cachedSearch]], [[liveSearch, code]]])(
    "required with only hosted tools %j → 400 naming tool_choice (Gemini cannot be made to search or run code)",
    (tools) => {
      const error = errorOf(() => decode(tools, "required"));
      expect(error.status).toBe(400);
      expect(error.param).toBe("tool_choice");
      expect(error.message).toContain("required");
      expect(error.message).toContain("'auto'");
    },
  );

  it.each([
    [{ type: "function", name: "get_weather" }, "tool_choice.name"],
    [{ type: "custom", name: "apply_patch" }, "tool_choice.name"],
    [{ type: "shell" }, "tool_choice.type"],
    [{ type: "apply_patch" }, "tool_choice.type"],
    [{ type: "local_shell" }, "tool_choice.type"],
  ])("%j with only hosted tools → 400 naming %s: it is not in tools", (choice, param) => {
    for (const tools of [[liveSearch], [code], [cachedSearch]]) {
      const error = errorOf(() => decode(tools, choice));
      expect(error.status).toBe(400);
      expect(error.param).toBe(param);
      expect(error.message).toMatch(/not in 'tools'/);
    }
  });

  it.each([
    [{ type: "web_search" }, [liveSearch]],
    [{ type: "web_search_preview" }, [{ type: "web_search_preview" }, weather]],
    [{ type: "code_interpreter" }, [code]],
  ])(
    "a hosted tool forced, %j → 400 naming tool_choice.type (Gemini uses it only when it sees fit)",
    (choice, tools) => {
      const error = errorOf(() => decode(tools, choice));
      expect(error.status).toBe(400);
      expect(error.param).toBe("tool_choice.type");
      expect(error.message).toContain(choice.type);
      expect(error.message).toContain("'auto'");
    },
  );

  it("a hosted tool agate never serves, forced → 400 naming tool_choice.type: it cannot be in tools", () => {
    const error = errorOf(() => decode([weather], { type: "file_search" }));
    expect(error.status).toBe(400);
    expect(error.param).toBe("tool_choice.type");
    expect(error.message).toContain("file_search");
  });

  it.each([[[liveSearch]], [[liveSearch, weather]]])(
    "allowed_tools in mode required listing no function (%j declared) → 400 naming tool_choice.mode",
    (tools) => {
      const error = errorOf(() =>
        decode(tools, { type: "allowed_tools", mode: "required", tools: [{ type: "web_search" }] }),
      );
      expect(error.status).toBe(400);
      expect(error.param).toBe("tool_choice.mode");
      expect(error.message).toContain("'auto'");
    },
  );

  it("what Gemini can honour is unchanged: auto and none with hosted tools alone, required beside a function", () => {
    expect(decode([liveSearch], "auto").toolChoice).toBeUndefined();
    expect(decode([code], "none").toolChoice).toBeUndefined();
    expect(decode([liveSearch, weather], "required").toolChoice).toEqual({ type: "required" });
    const allowed = decode([liveSearch, weather], {
      type: "allowed_tools",
      mode: "required",
      tools: [{ type: "web_search" }, { type: "function", name: "get_weather" }],
    });
    expect(allowed.toolChoice).toEqual({ type: "allowed", mode: "required", names: ["get_weather"] });
  });

  it("Codex's request (auto, a cached-only search beside its functions) decodes as before", () => {
    const tools = decode([cachedSearch, weather, codexNamespace], "auto");
    expect(tools.toolChoice).toEqual({ type: "auto" });
    expect(tools.grounding).toBe(false);
  });
});

describe("decodeResponsesTools: the same tools sent again (an agent, every turn)", () => {
  const search = {
    type: "function",
    name: "search_files",
    description: "Search the workspace",
    parameters: {},
  };
  const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

  it("gives the first turn's declarations and list, whose JSON is the request's", () => {
    const first = decode([weather, search]);
    const again = decode(copy([weather, search]));
    expect(again.declarations).toBe(first.declarations);
    expect(again.kinds).toBe(first.kinds);
    expect(again.list).toBe(first.list);
    expect(JSON.stringify(again.list)).toBe(JSON.stringify([weather, search]));
  });

  it("decodes each turn's tool_choice against them, a wrong name still refused", () => {
    decode([weather, search]);
    expect(decode(copy([weather, search]), "required").toolChoice).toEqual({ type: "required" });
    expect(decode(copy([weather, search]), { type: "function", name: "search_files" }).toolChoice).toEqual({
      type: "named",
      name: "search_files",
    });
    expect(decode(copy([weather, search])).toolChoice).toBeUndefined();
    const error = errorOf(() => decode(copy([weather, search]), { type: "function", name: "nope" }));
    expect(error.param).toBe("tool_choice.name");
  });

  it("a list that changed (one description) is decoded anew", () => {
    const first = decode([weather, search]);
    const described = decode([weather, { ...search, description: "Search the repository" }]);
    expect(described.declarations).not.toBe(first.declarations);
    expect(described.declarations[1]?.description).toBe("Search the repository");
    expect(described.list[1]).toMatchObject({ description: "Search the repository" });
  });
});
