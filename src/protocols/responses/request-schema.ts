import { z } from "zod";
import { reasoningEffortSchema } from "../reasoning-effort.js";
import { KEPT_OUTPUTS } from "./kept-code-outputs.js";

/**
 * The Responses API request fields agate reads (contract §9). Lenient: unknown fields pass and are ignored;
 * what is read is validated so a bad value gets a 400 naming its param (e.g. `input[3].call_id`).
 */

const inputText = z.looseObject({
  type: z.enum(["input_text", "output_text", "text", "summary_text"]),
  text: z.string(),
});
const inputImage = z.looseObject({
  type: z.literal("input_image"),
  image_url: z.string().min(1).nullish(),
  file_id: z.string().nullish(),
  detail: z.string().nullish(),
});
const inputFile = z.looseObject({
  type: z.literal("input_file"),
  file_data: z.string().min(1).nullish(),
  file_url: z.string().min(1).nullish(),
  file_id: z.string().nullish(),
  filename: z.string().nullish(),
});
/**
 * A Chat Completions image part in Responses input, taken as an input_image: LangChain's ChatOpenAI with
 * useResponsesApi sends its base64 image blocks (`{type: "image", source_type: "base64"}`) in this shape.
 */
const chatImage = z.looseObject({
  type: z.literal("image_url"),
  image_url: z.union([z.string().min(1), z.looseObject({ url: z.string().min(1) })]),
});
const refusal = z.looseObject({ type: z.literal("refusal"), refusal: z.string() });
export const contentPartSchema = z.discriminatedUnion(
  "type",
  [inputText, inputImage, inputFile, chatImage, refusal],
  { error: "expected a content part of type input_text, input_image, input_file, output_text or refusal" },
);
export type ResponsesContentPart = z.infer<typeof contentPartSchema>;

const message = z.looseObject({
  type: z.literal("message").optional(),
  id: z.string().nullish(),
  role: z.enum(["user", "assistant", "system", "developer"]),
  content: z.union([z.string(), z.array(contentPartSchema)], {
    error: "expected a string or an array of content parts",
  }),
  status: z.string().nullish(),
  phase: z.enum(["commentary", "final_answer"]).nullish(),
});
const functionCall = z.looseObject({
  type: z.literal("function_call"),
  id: z.string().nullish(),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
  namespace: z.string().nullish(),
  status: z.string().nullish(),
});
const toolOutput = z.union([z.string(), z.array(contentPartSchema)]);
const functionCallOutput = z.looseObject({
  type: z.literal("function_call_output"),
  id: z.string().nullish(),
  call_id: z.string().min(1),
  output: toolOutput,
  status: z.string().nullish(),
});
const reasoning = z.looseObject({
  type: z.literal("reasoning"),
  id: z.string().nullish(),
  summary: z.array(z.looseObject({ text: z.string() })).nullish(),
  content: z.array(z.looseObject({ text: z.string() })).nullish(),
  encrypted_content: z.string().nullish(),
});
const itemReference = z.looseObject({ type: z.literal("item_reference"), id: z.string().min(1) });
const customToolCall = z.looseObject({
  type: z.literal("custom_tool_call"),
  id: z.string().nullish(),
  call_id: z.string().min(1),
  name: z.string().min(1),
  input: z.string(),
});
const customToolCallOutput = z.looseObject({
  type: z.literal("custom_tool_call_output"),
  id: z.string().nullish(),
  call_id: z.string().min(1),
  output: toolOutput,
});
const localShellCall = z.looseObject({
  type: z.literal("local_shell_call"),
  id: z.string().nullish(),
  call_id: z.string().min(1),
  action: z.looseObject({ type: z.literal("exec"), command: z.array(z.string()) }),
  status: z.string().nullish(),
});
const localShellCallOutput = z.looseObject({
  type: z.literal("local_shell_call_output"),
  id: z.string().min(1),
  call_id: z.string().nullish(),
  output: z.string(),
});
/** GPT-5.1's shell tool: command lines the client runs (some clients add `action.type: "exec"`). */
const shellCall = z.looseObject({
  type: z.literal("shell_call"),
  id: z.string().nullish(),
  call_id: z.string().min(1),
  action: z.looseObject({
    commands: z.array(z.string()),
    timeout_ms: z.number().nullish(),
    max_output_length: z.number().nullish(),
  }),
  status: z.string().nullish(),
});
/** What each command gave: its output, and how it ended (`exit` with a code, or `timeout`). */
const shellCommandOutput = z.looseObject({
  stdout: z.string().nullish(),
  stderr: z.string().nullish(),
  outcome: z.looseObject({ type: z.string() }).nullish(),
});
const shellCallOutput = z.looseObject({
  type: z.literal("shell_call_output"),
  id: z.string().nullish(),
  call_id: z.string().min(1),
  output: z.array(shellCommandOutput),
  max_output_length: z.number().nullish(),
  status: z.string().nullish(),
});
/** GPT-5.1's apply_patch tool: one file to create, update or delete, with a V4A diff. */
const applyPatchCall = z.looseObject({
  type: z.literal("apply_patch_call"),
  id: z.string().nullish(),
  call_id: z.string().min(1),
  operation: z.looseObject({
    type: z.enum(["create_file", "update_file", "delete_file"]),
    path: z.string(),
    diff: z.string().nullish(),
  }),
  status: z.string().nullish(),
});
const applyPatchCallOutput = z.looseObject({
  type: z.literal("apply_patch_call_output"),
  id: z.string().nullish(),
  call_id: z.string().min(1),
  status: z.enum(["completed", "failed"]).nullish(),
  output: z.string().nullish(),
});
/** The output of POST /v1/responses/compact: a summary sealed by agate (contract §9, issue 9 item 9). */
const compaction = z.looseObject({
  type: z.literal("compaction"),
  id: z.string().nullish(),
  encrypted_content: z.string().min(1),
});

/** A web search the model made (a grounded answer's output, resent by a stateless client): nothing to replay. */
const webSearchCall = z.looseObject({
  type: z.literal("web_search_call"),
  id: z.string().nullish(),
  status: z.string().nullish(),
  action: z.looseObject({ type: z.string() }).nullish(),
});

/** What one code run printed, as a code_interpreter_call item's `outputs` lists it. */
const codeOutputs = z
  .array(
    z.discriminatedUnion(
      "type",
      [
        z.looseObject({ type: z.literal("logs"), logs: z.string() }),
        z.looseObject({ type: z.literal("image"), url: z.string().nullish() }),
      ],
      { error: "expected an output of type logs or image" },
    ),
  )
  .nullish();
/**
 * Code the model ran (Gemini's code execution, a code_interpreter answer's output, resent by a stateless
 * client): it goes back to Gemini as the model's code and what each run printed.
 */
const codeInterpreterCall = z.looseObject({
  type: z.literal("code_interpreter_call"),
  id: z.string().nullish(),
  status: z.string().nullish(),
  code: z.string().nullish(),
  container_id: z.string().nullish(),
  outputs: codeOutputs,
  /** agate's own: the runs' output its store kept where the client was shown none (kept-code-outputs.ts). */
  [KEPT_OUTPUTS]: codeOutputs,
});

/** Asks for a compaction of the conversation before it (Codex's remote compaction); the last item. */
const compactionTrigger = z.looseObject({ type: z.literal("compaction_trigger") });

/** The schema for each typed input item, so a bad item is reported at its own field. */
export const ITEM_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  message,
  function_call: functionCall,
  function_call_output: functionCallOutput,
  reasoning,
  item_reference: itemReference,
  custom_tool_call: customToolCall,
  custom_tool_call_output: customToolCallOutput,
  local_shell_call: localShellCall,
  local_shell_call_output: localShellCallOutput,
  shell_call: shellCall,
  shell_call_output: shellCallOutput,
  apply_patch_call: applyPatchCall,
  apply_patch_call_output: applyPatchCallOutput,
  compaction,
  compaction_trigger: compactionTrigger,
  web_search_call: webSearchCall,
  code_interpreter_call: codeInterpreterCall,
};

/** An input item; messages may omit `type` (the "easy" form). */
export const inputItemSchema = z.union(
  [
    z.discriminatedUnion("type", [
      functionCall,
      functionCallOutput,
      reasoning,
      itemReference,
      customToolCall,
      customToolCallOutput,
      localShellCall,
      localShellCallOutput,
      shellCall,
      shellCallOutput,
      applyPatchCall,
      applyPatchCallOutput,
      compaction,
      compactionTrigger,
      webSearchCall,
      codeInterpreterCall,
    ]),
    message,
  ],
  {
    error:
      "expected an input item: a message, function_call, function_call_output, reasoning, item_reference or compaction",
  },
);
export type InputItem = z.infer<typeof inputItemSchema>;

const functionTool = z.looseObject({
  type: z.literal("function"),
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
});
const customTool = z.looseObject({
  type: z.literal("custom"),
  name: z.string().min(1),
  description: z.string().nullish(),
});
const namespaceTool = z.looseObject({
  type: z.literal("namespace"),
  name: z.string().min(1),
  description: z.string().nullish(),
  tools: z.array(z.discriminatedUnion("type", [functionTool, customTool])),
});
/** GPT-5.1's shell tool: run by the client, unless its environment is a container hosted by OpenAI. */
const shellTool = z.looseObject({
  type: z.literal("shell"),
  environment: z.looseObject({ type: z.string() }).nullish(),
});
export const toolSchema = z.union([
  functionTool,
  namespaceTool,
  customTool,
  shellTool,
  z.looseObject({ type: z.string().min(1) }),
]);

/** The schema for each tool type agate reads closely; other (built-in) types are judged by decode-tools. */
export const TOOL_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  function: functionTool,
  namespace: namespaceTool,
  custom: customTool,
  shell: shellTool,
};
export type ResponsesTool = z.infer<typeof toolSchema>;

const textFormat = z.discriminatedUnion("type", [
  z.looseObject({ type: z.literal("text") }),
  z.looseObject({ type: z.literal("json_object") }),
  z.looseObject({
    type: z.literal("json_schema"),
    name: z.string().nullish(),
    schema: z.record(z.string(), z.unknown()),
    strict: z.boolean().nullish(),
    description: z.string().nullish(),
  }),
]);

export const responsesRequestSchema = z.looseObject({
  model: z
    .string({ error: "expected the model name as a string" })
    .min(1, "the model name must not be empty"),
  input: z
    .union([z.string(), z.array(inputItemSchema)], { error: "expected a string or a list of input items" })
    .optional(),
  instructions: z.string().nullish(),
  tools: z.array(toolSchema).max(512).nullish(),
  tool_choice: z
    .union([
      z.enum(["auto", "none", "required"]),
      z.looseObject({ type: z.literal("function"), name: z.string().min(1) }),
      z.looseObject({ type: z.string() }),
    ])
    .nullish(),
  text: z.looseObject({ format: textFormat.nullish(), verbosity: z.string().nullish() }).nullish(),
  reasoning: z
    .looseObject({
      effort: reasoningEffortSchema.nullish(),
      summary: z.enum(["auto", "concise", "detailed"]).nullish(),
    })
    .nullish(),
  // At least 16, as OpenAI: openai-limits.ts says so in OpenAI's words.
  max_output_tokens: z.number().int().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  store: z.boolean().nullish(),
  stream: z.boolean().nullish(),
  // Answered in the foreground all the same, echoed as asked (README: background mode).
  background: z.boolean().nullish(),
  previous_response_id: z.string().min(1).nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  include: z.array(z.string()).nullish(),
  prompt_cache_key: z.string().nullish(),
  user: z.string().nullish(),
  safety_identifier: z.string().nullish(),
  service_tier: z.string().nullish(),
  // "auto" is echoed but not acted on: agate drops nothing from a conversation too long for the model.
  truncation: z.enum(["auto", "disabled"]).nullish(),
  top_logprobs: z.number().int().min(0).max(20).nullish(),
  max_tool_calls: z.number().int().positive().nullish(),
  // Read only to be refused (refuse-unsupported.ts): OpenAI keeps these, agate cannot.
  conversation: z.unknown().optional(),
  prompt: z.unknown().optional(),
});
export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;

/**
 * The same, for a body whose input items and tools validateItems has parsed already, each against the
 * schema of its own type (the ones this schema's unions pick): they are taken as they are.
 */
export const checkedResponsesRequestSchema = responsesRequestSchema.extend({
  input: z
    .union([z.string(), z.array(z.custom<InputItem>())], {
      error: "expected a string or a list of input items",
    })
    .optional(),
  tools: z.array(z.custom<ResponsesTool>()).max(512).nullish(),
});
