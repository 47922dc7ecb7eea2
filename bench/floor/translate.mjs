// The floor's OpenAI Chat ↔ Gemini translation: text only, the same mapping agate does for text, nothing more.

const FINISH_REASONS = {
  STOP: "stop",
  MAX_TOKENS: "length",
  SAFETY: "content_filter",
  RECITATION: "content_filter",
};

const textOf = (content) =>
  typeof content === "string" ? content : (content ?? []).map((part) => part.text ?? "").join("");

/** A chat request body → a Gemini generateContent body (consecutive turns of one role merged). */
export function toGeminiRequest(chat) {
  const contents = [];
  const system = [];
  for (const message of chat.messages) {
    if (message.role === "system" || message.role === "developer") {
      system.push(textOf(message.content));
      continue;
    }
    const role = message.role === "assistant" ? "model" : "user";
    const part = { text: textOf(message.content) };
    const previous = contents.at(-1);
    if (previous?.role === role) previous.parts.push(part);
    else contents.push({ role, parts: [part] });
  }
  const body = { contents };
  if (system.length > 0) body.systemInstruction = { parts: [{ text: system.join("\n") }] };
  const config = {};
  if (chat.temperature !== undefined) config.temperature = chat.temperature;
  if (chat.top_p !== undefined) config.topP = chat.top_p;
  if (chat.max_tokens !== undefined) config.maxOutputTokens = chat.max_tokens;
  if (Object.keys(config).length > 0) body.generationConfig = config;
  return body;
}

const finishReason = (raw) => (raw === undefined ? null : (FINISH_REASONS[raw] ?? "stop"));

const usageOf = (metadata = {}) => ({
  prompt_tokens: metadata.promptTokenCount ?? 0,
  completion_tokens: (metadata.candidatesTokenCount ?? 0) + (metadata.thoughtsTokenCount ?? 0),
  total_tokens: metadata.totalTokenCount ?? 0,
});

const answerText = (candidate) =>
  (candidate.content?.parts ?? [])
    .filter((part) => typeof part.text === "string" && part.thought !== true)
    .map((part) => part.text)
    .join("");

/** A whole Gemini response → one chat.completion. */
export function toChatCompletion(gemini, context) {
  return {
    id: context.id,
    object: "chat.completion",
    created: context.created,
    model: context.model,
    choices: (gemini.candidates ?? []).map((candidate, index) => ({
      index: candidate.index ?? index,
      message: { role: "assistant", content: answerText(candidate), refusal: null },
      logprobs: null,
      finish_reason: finishReason(candidate.finishReason) ?? "stop",
    })),
    usage: usageOf(gemini.usageMetadata),
    system_fingerprint: null,
  };
}

/** One Gemini stream chunk → the chat.completion.chunk frames it becomes (`first` adds the role). */
export function toChatChunks(gemini, context, first) {
  const frames = [];
  for (const [position, candidate] of (gemini.candidates ?? []).entries()) {
    const index = candidate.index ?? position;
    const text = answerText(candidate);
    const delta = first ? { role: "assistant", content: text } : { content: text };
    const reason = finishReason(candidate.finishReason);
    if (text !== "" || first) frames.push(chunk(context, index, delta, null));
    if (reason !== null) frames.push(chunk(context, index, {}, reason));
  }
  return frames;
}

const chunk = (context, index, delta, reason) =>
  `data: ${JSON.stringify({
    id: context.id,
    object: "chat.completion.chunk",
    created: context.created,
    model: context.model,
    system_fingerprint: null,
    choices: [{ index, delta, logprobs: null, finish_reason: reason }],
  })}\n\n`;
