import OpenAI from "openai";
import { afterEach, describe, expect, it } from "vitest";
import { startMixedStacks } from "./mixed-stacks.js";
import { generations } from "./support.js";

/**
 * A web search in a pool with an OpenAI-compatible account (mixed-stacks.ts): Chat Completions has no search
 * tool, so such an account is passed over for a Gemini kind, as for code_interpreter, and the search is a 400
 * only when no account that searches serves the model. OpenAI's own search models, which search on their own,
 * are the exception.
 */
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function startMixed(compat: Record<string, unknown> = {}, frontConfig: Record<string, unknown> = {}) {
  const stacks = await startMixedStacks(compat, frontConfig);
  close = stacks.close;
  return stacks;
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (caught: unknown) => caught as InstanceType<typeof OpenAI.BadRequestError>,
  );

type Tools = { tools?: Record<string, unknown>[] };
/** Whether a Gemini request (a Cloud Code one inside its envelope) asked for Google Search. */
const searchedFor = (body: unknown) => {
  const request = (body as { request?: Tools }).request ?? (body as Tools);
  return (request.tools ?? []).some((tool) => tool.googleSearch !== undefined);
};

describe("a web search on a model only the OpenAI-compatible account serves: a 400, not an answer that searched nothing", () => {
  it("Responses web_search: a 400 naming tools; without it the same model answers", async () => {
    const { back, front } = await startMixed({ models: ["local-llama"] });
    const error = await refusal(
      front.client.responses.create({
        model: "local-llama",
        tools: [{ type: "web_search" }],
        input: "news?",
      }),
    );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error?.param).toBe("tools");
    expect(error?.message).toMatch(/web search/);
    expect(generations(back.simulator)).toEqual([]);
    const plain = await front.client.responses.create({ model: "local-llama", input: "news?" });
    expect(plain.status).toBe("completed");
  });

  it("chat web_search_options: a 400 naming it", async () => {
    const { back, front } = await startMixed({ models: ["local-llama"] });
    const error = await refusal(
      front.client.chat.completions.create({
        model: "local-llama",
        web_search_options: {},
        messages: [{ role: "user", content: "news?" }],
      }),
    );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error?.param).toBe("web_search_options");
    expect(generations(back.simulator)).toEqual([]);
  });

  it("an OpenAI search model mapped to the compatible account's model: a 400 naming model", async () => {
    const { back, front } = await startMixed(
      { models: ["local-llama"] },
      { model_mapping: { "gpt-4o-search-preview": "local-llama" } },
    );
    const error = await refusal(
      front.client.chat.completions.create({
        model: "gpt-4o-search-preview",
        messages: [{ role: "user", content: "news?" }],
      }),
    );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error?.param).toBe("model");
    expect(generations(back.simulator)).toEqual([]);
  });
});

describe("a web search on a model the Gemini accounts serve too: they search, the compatible account is passed over", () => {
  it("Responses web_search and chat web_search_options", async () => {
    const { back, front } = await startMixed();
    for (const question of ["news one?", "news two?", "news three?"]) {
      const { data, response } = await front.client.responses
        .create({ model: "gemini-2.5-flash", tools: [{ type: "web_search" }], input: question })
        .withResponse();
      expect(response.headers.get("x-account-email")).not.toBe("compat");
      expect(data.output.map((item) => item.type)).toContain("web_search_call");
      const chat = await front.client.chat.completions
        .create({
          model: "gemini-2.5-flash",
          web_search_options: {},
          messages: [{ role: "user", content: question }],
        })
        .withResponse();
      expect(chat.response.headers.get("x-account-email")).not.toBe("compat");
    }
    expect(generations(back.simulator)).toEqual([]);
    expect(generations(front.simulator).every((call) => searchedFor(call.body))).toBe(true);
  });
});

describe("an OpenAI search model the compatible account serves as itself (OpenAI behind it)", () => {
  it("goes to it: the server searches on its own, as the model always does", async () => {
    const { back, front } = await startMixed(
      { models: ["gpt-4o-search-preview"] },
      { model_mapping: { "gpt-4o-search-preview": "gpt-4o-search-preview" } },
    );
    const { response } = await front.client.chat.completions
      .create({ model: "gpt-4o-search-preview", messages: [{ role: "user", content: "news?" }] })
      .withResponse();
    expect(response.headers.get("x-account-email")).toBe("compat");
    // The server behind (another agate) took the name for OpenAI's search model, and searched.
    expect(searchedFor(generations(back.simulator).at(-1)?.body)).toBe(true);
    expect(generations(front.simulator)).toEqual([]);
  });
});
