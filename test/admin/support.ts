export interface Answer {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
}

/** One JSON call over a real socket; `body` is sent as JSON when given. */
export async function call(
  baseUrl: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { "content-type": "application/json" }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>),
  };
}

/** The OpenAI error object of an answer. */
export const errorOf = (answer: Answer) =>
  answer.json.error as { message: string; type: string; param: string | null; code: string | null };

/** A chat completion through agate; returns status, served-by account and mapped model. */
export async function chat(baseUrl: string, model: string, headers: Record<string, string> = {}) {
  const answer = await call(baseUrl, "POST", "/v1/chat/completions", {
    body: { model, messages: [{ role: "user", content: "hello" }] },
    headers,
  });
  return {
    status: answer.status,
    account: answer.headers.get("x-account-email"),
    mapped: answer.headers.get("x-mapped-model"),
    json: answer.json,
  };
}
