import type { Stack } from "../helpers/stack.js";

export interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

/** POST /v1/chat/completions (JSON) through the stack. */
export async function chat(
  stack: Stack,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${stack.url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ model: "gemini-2.5-flash", messages: [{ role: "user", content: "hi" }], ...body }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text.startsWith("{") ? (JSON.parse(text) as Record<string, unknown>) : { text },
  };
}

/** GET a path of the stack as JSON (or text), from loopback. */
export async function get(stack: Stack, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${stack.url}${path}`, { headers });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json: () => JSON.parse(text) as unknown,
  };
}

/** The value of one exact series line (`name{labels}`) of a Prometheus text exposition, else undefined. */
export function seriesValue(metrics: string, series: string): number | undefined {
  for (const line of metrics.split("\n")) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return undefined;
}

/** Waits until the gateway has finished recording (records are written when the answer has gone). */
export const settle = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));
