import { z } from "zod";
import { choiceCountSchema } from "../choice-count.js";
import { logitBiasSchema } from "../logit-bias.js";
import { reasoningEffortSchema } from "../reasoning-effort.js";
import { seedSchema } from "../seed.js";
import { stopSchema } from "../stop-sequences.js";

/**
 * The Chat Completions request fields agate reads. Lenient at the edge: unknown fields pass (and are
 * ignored), what is read is validated so a bad value gets a 400 naming its param.
 */

const textPart = z.looseObject({ type: z.literal("text"), text: z.string() });
const imagePart = z.looseObject({
  type: z.literal("image_url"),
  image_url: z.looseObject({ url: z.string().min(1), detail: z.string().optional() }),
});
const audioPart = z.looseObject({
  type: z.literal("input_audio"),
  input_audio: z.looseObject({ data: z.string().min(1), format: z.string().min(1) }),
});
const filePart = z.looseObject({
  type: z.literal("file"),
  file: z.looseObject({
    file_data: z.string().min(1).optional(),
    file_id: z.string().optional(),
    filename: z.string().optional(),
  }),
});
const contentPart = z.discriminatedUnion("type", [textPart, imagePart, audioPart, filePart], {
  error: "expected a content part of type 'text', 'image_url', 'input_audio' or 'file'",
});

const content = z.union([z.string(), z.array(contentPart)], {
  error: "expected a string or an array of content parts",
});
const textContent = z.union([z.string(), z.array(textPart)], {
  error: "expected a string or an array of text parts",
});
/** What an assistant message may hold besides text: the refusal it gave (the SDK replays it so). */
const refusalPart = z.looseObject({ type: z.literal("refusal"), refusal: z.string() });
const assistantPart = z.discriminatedUnion("type", [textPart, refusalPart], {
  error: "expected an assistant content part of type 'text' or 'refusal'",
});
const assistantContent = z.union([z.string(), z.array(assistantPart), z.null()], {
  error: "expected a string, an array of text or refusal parts, or null",
});

const toolCall = z.looseObject({
  id: z.string().min(1, "a tool call needs an id"),
  type: z.literal("function").optional(),
  function: z.looseObject({ name: z.string().min(1), arguments: z.string() }),
});

const instructionMessage = z.looseObject({
  role: z.enum(["system", "developer"]),
  content: textContent,
  name: z.string().optional(),
});
const userMessage = z.looseObject({ role: z.literal("user"), content, name: z.string().optional() });
const assistantMessage = z.looseObject({
  role: z.literal("assistant"),
  content: assistantContent.optional(),
  name: z.string().optional(),
  tool_calls: z.array(toolCall).nullish(),
  function_call: z.looseObject({ name: z.string().min(1), arguments: z.string() }).nullish(),
});
/** Text, and the images or files a tool returned (IDE agents send a screenshot so): they go with its result. */
const toolMessage = z.looseObject({
  role: z.literal("tool"),
  content,
  tool_call_id: z.string().min(1, "a tool message needs the tool_call_id it answers"),
  name: z.string().optional(),
});
const functionMessage = z.looseObject({
  role: z.literal("function"),
  content: z.string().nullable(),
  name: z.string().min(1),
});

export const chatMessageSchema = z.discriminatedUnion(
  "role",
  [instructionMessage, userMessage, assistantMessage, toolMessage, functionMessage],
  { error: "expected a message with role 'system', 'developer', 'user', 'assistant', 'tool' or 'function'" },
);

const functionDefinition = z.looseObject({
  name: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/, "a function name is letters, digits, _ . : - (at most 64)"),
  description: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  strict: z.boolean().nullish(),
});

const functionTool = z.looseObject({
  type: z.literal("function", { error: "only tools of type 'function' are supported" }),
  function: functionDefinition,
});

const toolChoice = z.union([
  z.enum(["auto", "none", "required"]),
  z.looseObject({ type: z.literal("function"), function: z.looseObject({ name: z.string().min(1) }) }),
  z.looseObject({
    type: z.literal("allowed_tools"),
    allowed_tools: z.looseObject({
      mode: z.enum(["auto", "required"]),
      tools: z.array(
        z.looseObject({ type: z.string(), function: z.looseObject({ name: z.string() }).optional() }),
      ),
    }),
  }),
]);

export const chatRequestSchema = z.looseObject({
  model: z
    .string({ error: "expected the model name as a string" })
    .min(1, "the model name must not be empty"),
  messages: z.array(chatMessageSchema).min(1, "at least one message is required"),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  stop: stopSchema.nullish(),
  n: choiceCountSchema.nullish(),
  seed: seedSchema.nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.number().int().min(0).max(20).nullish(),
  /** Read only to be refused when it biases a token (logit-bias.ts). */
  logit_bias: logitBiasSchema.nullish(),
  response_format: z
    .discriminatedUnion("type", [
      z.looseObject({ type: z.literal("text") }),
      z.looseObject({ type: z.literal("json_object") }),
      z.looseObject({
        type: z.literal("json_schema"),
        json_schema: z.looseObject({
          name: z.string(),
          schema: z.record(z.string(), z.unknown()).optional(),
        }),
      }),
    ])
    .nullish(),
  reasoning_effort: reasoningEffortSchema.nullish(),
  modalities: z.array(z.string()).nullish(),
  user: z.string().nullish(),
  prompt_cache_key: z.string().nullish(),
  tools: z.array(functionTool).max(512).nullish(),
  tool_choice: toolChoice.nullish(),
  /** Deprecated forms of `tools` and `tool_choice`: the answer's call then comes as `function_call`. */
  functions: z.array(functionDefinition).max(128).nullish(),
  function_call: z.union([z.enum(["auto", "none"]), z.looseObject({ name: z.string().min(1) })]).nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  /** Search the web before answering: Gemini's grounding with Google Search (its options have no equivalent). */
  web_search_options: z.looseObject({}).nullish(),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type ChatMessage = z.infer<typeof chatMessageSchema>;
export type ChatContentPart = z.infer<typeof contentPart>;
