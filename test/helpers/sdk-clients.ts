import { createOpenAI, type OpenAIProvider } from "@ai-sdk/openai";
import { ChatOpenAI, type ChatOpenAIFields } from "@langchain/openai";
import OpenAI from "openai";

/**
 * The clients the end-to-end tests drive agate with, each pointed at `url` (agate's root, a Stack's url) with
 * a key agate does not check; the official SDK and LangChain do not retry, so a failure shows as it is.
 */

/** The official openai SDK. */
export const openaiClient = (url: string): OpenAI =>
  new OpenAI({ baseURL: `${url}/v1`, apiKey: "unused", maxRetries: 0 });

/** The Vercel AI SDK's OpenAI provider; `fetch` may stand in for the global one (to watch what it sends). */
export const aiSdkProvider = (url: string, fetch?: typeof globalThis.fetch): OpenAIProvider =>
  createOpenAI({ baseURL: `${url}/v1`, apiKey: "unused", ...(fetch === undefined ? {} : { fetch }) });

/** LangChain's ChatOpenAI on `model`; `fields` adds to or replaces its settings (useResponsesApi, streaming...). */
export const langchainModel = (
  url: string,
  model: string,
  fields: Partial<ChatOpenAIFields> = {},
): ChatOpenAI =>
  new ChatOpenAI({
    model,
    apiKey: "unused",
    configuration: { baseURL: `${url}/v1` },
    maxRetries: 0,
    ...fields,
  });
