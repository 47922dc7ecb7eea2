import { z } from "zod";

/**
 * The Chat Completions request fields agate reads. Lenient at the edge: unknown fields pass (and are
 * ignored), what is read is validated so a bad value gets a 400 naming its param.
 */

const textPart = z.looseObject({ type: z.literal("text"), text: z.string() });
const imagePart = z.looseObject({
  type: z.literal("image_url"),
  image_url: z.looseObject({ url: z.string().min(1), detail: z.string().optional() }),
});
const contentPart = z.discriminatedUnion("type", [textPart, imagePart], {
  error: "expected a content part of type 'text' or 'image_url'",
});

const content = z.union([z.string(), z.array(contentPart)], {
  error: "expected a string or an array of content parts",
});

const instructionMessage = z.looseObject({
  role: z.enum(["system", "developer"]),
  content: z.union([z.string(), z.array(textPart)], { error: "expected a string or an array of text parts" }),
  name: z.string().optional(),
});
const userMessage = z.looseObject({ role: z.literal("user"), content, name: z.string().optional() });
const assistantMessage = z.looseObject({
  role: z.literal("assistant"),
  content: z.union([z.string(), z.array(textPart), z.null()]).optional(),
  name: z.string().optional(),
});

export const chatMessageSchema = z.discriminatedUnion(
  "role",
  [instructionMessage, userMessage, assistantMessage],
  {
    error: "expected a message with role 'system', 'developer', 'user' or 'assistant'",
  },
);

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
  stop: z.union([z.string(), z.array(z.string()).max(16)]).nullish(),
  n: z.number().int().min(1).max(8).nullish(),
  seed: z.number().int().nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
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
  reasoning_effort: z.enum(["minimal", "low", "medium", "high"]).nullish(),
  user: z.string().nullish(),
  prompt_cache_key: z.string().nullish(),
  tools: z.array(z.unknown()).max(0, "tool calling is not supported by this version of agate yet").nullish(),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type ChatMessage = z.infer<typeof chatMessageSchema>;
