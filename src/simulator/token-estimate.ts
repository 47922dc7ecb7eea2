import type { Content, FunctionCall, GenerateContentRequest } from "./types.js";

/** Google's flat cost of one image or file part. */
const mediaPartTokens = 258;

/** ≈ characters / 4 of everything the model reads, plus a flat cost per media part. Deterministic. */
export function estimatePromptTokens(request: GenerateContentRequest): number {
  let characters = request.tools === undefined ? 0 : JSON.stringify(request.tools).length;
  let media = 0;
  const visit = (content: Content | undefined): void => {
    if (!Array.isArray(content?.parts)) return;
    for (const part of content.parts) {
      if (typeof part.text === "string") characters += part.text.length;
      if (part.functionCall) characters += JSON.stringify(part.functionCall).length;
      if (part.functionResponse) characters += JSON.stringify(part.functionResponse).length;
      if (typeof part.executableCode?.code === "string") characters += part.executableCode.code.length;
      if (typeof part.codeExecutionResult?.output === "string")
        characters += part.codeExecutionResult.output.length;
      if (part.inlineData || part.fileData) media += mediaPartTokens;
    }
  };
  visit(request.systemInstruction);
  for (const content of request.contents) visit(content);
  return Math.max(1, Math.ceil(characters / 4)) + media;
}

/** Output is counted one token per word, so maxOutputTokens truncation is exact. */
export function countWords(text: string | undefined): number {
  return text?.match(/\S+/g)?.length ?? 0;
}

export function functionCallTokens(call: FunctionCall): number {
  return Math.ceil(JSON.stringify(call).length / 4);
}
