import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

/**
 * A stand-in for OpenAI's own API, for what a second agate cannot play (its refusals, its quota error, its
 * model owners): `POST /chat/completions` answers the next scripted reply, else a one-word completion;
 * `GET /models` lists `models`. Every request is recorded with its parsed body.
 */
export interface FakeOpenAI {
  url: string;
  requests: { method: string; path: string; body: unknown }[];
  /** The next chat answers, in order (status and JSON body). */
  replies: { status: number; body: unknown }[];
  models: { id: string; owned_by?: string }[];
  close(): Promise<void>;
}

export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const fake: Omit<FakeOpenAI, "url" | "close"> = { requests: [], replies: [], models: [] };
  const answer = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const path = request.url ?? "";
      fake.requests.push({
        method: request.method ?? "",
        path,
        body: text === "" ? undefined : JSON.parse(text),
      });
      if (path.endsWith("/models")) return answer(response, 200, { object: "list", data: fake.models });
      const scripted = fake.replies.shift();
      if (scripted !== undefined) return answer(response, scripted.status, scripted.body);
      answer(response, 200, {
        id: "chatcmpl-fake",
        object: "chat.completion",
        created: 0,
        model: "fake",
        choices: [{ index: 0, message: { role: "assistant", content: "done" }, finish_reason: "stop" }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** The chat request bodies the fake received. */
export const chatBodies = (fake: FakeOpenAI) =>
  fake.requests
    .filter((request) => request.path.endsWith("/chat/completions"))
    .map((request) => request.body as Record<string, unknown>);
