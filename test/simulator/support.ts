import { createParser } from "eventsource-parser";
import {
  type GenerateContentRequest,
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from "../../src/simulator/index.js";

export function startQuietSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ quiet: true, ...options });
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export async function call(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const method = init.method ?? (init.body === undefined ? "GET" : "POST");
  const headers = {
    ...(init.body === undefined ? {} : { "content-type": "application/json" }),
    ...init.headers,
  };
  const body =
    init.body === undefined ? null : typeof init.body === "string" ? init.body : JSON.stringify(init.body);
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: parseJson(text) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The `data:` payloads of an SSE body, parsed as JSON. */
export function sseData(text: string): unknown[] {
  return sseLines(text).map((data) => JSON.parse(data) as unknown);
}

export function sseLines(text: string): string[] {
  const lines: string[] = [];
  const parser = createParser({ onEvent: (event) => lines.push(event.data) });
  parser.feed(text);
  return lines;
}

export function userSays(text: string, extra: Partial<GenerateContentRequest> = {}): GenerateContentRequest {
  return { contents: [{ role: "user", parts: [{ text }] }], ...extra };
}

export const apiKey = { "x-goog-api-key": "test-key" };

export function geminiUrl(simulator: Simulator, model: string, method: string): string {
  const suffix = method === "streamGenerateContent" ? "?alt=sse" : "";
  return `${simulator.url}/v1beta/models/${model}:${method}${suffix}`;
}

/** An access token from the simulator's own token endpoint. */
export async function accessToken(
  simulator: Simulator,
  refreshToken = "sim-refresh-tester",
): Promise<string> {
  const response = await fetch(`${simulator.url}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: "c" }),
  });
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}
