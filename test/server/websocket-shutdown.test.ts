import { afterEach, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { stopRequestsInFlight } from "../../src/server/upstream-signal.js";
import { type Stack, startStack } from "../helpers/stack.js";

/**
 * The Responses WebSocket (Codex's transport) while the gateway stops: a turn in flight may finish, as a POST
 * in flight may (shutdown_timeout_ms), and one still running when that time is up ends with an error frame and
 * `response.failed`, never a socket closed under it. Idle sockets close at once, saying why.
 */

type Message = Record<string, unknown> & { type: string };

interface Socket {
  messages: Message[];
  /** Resolves with the close code once the socket has closed. */
  closed: Promise<number>;
  /** Resolves once a message of this type has come. */
  seen(type: string): Promise<void>;
  send(message: unknown): void;
}

function open(url: string): Promise<Socket> {
  const socket = new WebSocket(`${url.replace(/^http/, "ws")}/v1/responses`);
  const messages: Message[] = [];
  const watchers: { type: string; resolve: () => void }[] = [];
  socket.on("message", (data) => {
    const message = JSON.parse(String(data)) as Message;
    messages.push(message);
    for (const watcher of watchers) if (watcher.type === message.type) watcher.resolve();
  });
  const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    socket.once("error", reject);
    socket.once("open", () =>
      resolve({
        messages,
        closed,
        seen: (type) =>
          messages.some((message) => message.type === type)
            ? Promise.resolve()
            : new Promise((resolve) => watchers.push({ type, resolve })),
        send: (message) => socket.send(JSON.stringify(message)),
      }),
    );
  });
}

const words = (count: number) => Array.from({ length: count }, (_, index) => `word${index}`).join(" ");
const types = (socket: Socket) => socket.messages.map((message) => message.type);

let stack: Stack;
beforeEach(async () => {
  stack = await startStack(1);
});
afterEach(async () => {
  await stack.simulator.close();
});

describe("the Responses WebSocket while the gateway stops", () => {
  it("a turn in flight finishes, then its socket closes (1001); an idle socket closes at once", async () => {
    stack.simulator.script({ chunkDelayMs: 150, respond: { reply: { text: words(12) } } });
    const busy = await open(stack.url);
    const idle = await open(stack.url);
    busy.send({ type: "response.create", model: "gemini-2.5-flash", input: "a story", store: false });
    await busy.seen("response.output_text.delta");

    const closing = stack.gateway.close();
    expect(await idle.closed).toBe(1001);
    expect(types(busy)).not.toContain("response.completed");

    expect(await busy.closed).toBe(1001);
    expect(types(busy).at(-1)).toBe("response.completed");
    expect(JSON.stringify(busy.messages.at(-1)?.response)).toContain(words(12));
    await closing;
  });

  it("a turn still running when shutdown_timeout_ms passes → an error frame (shutting_down) and response.failed, then the close", async () => {
    stack.simulator.script({ chunkDelayMs: 300, respond: { reply: { text: words(60) } } });
    const busy = await open(stack.url);
    busy.send({ type: "response.create", model: "gemini-2.5-flash", input: "a long story", store: false });
    await busy.seen("response.output_text.delta");

    const closing = stack.gateway.close();
    stopRequestsInFlight();

    expect(await busy.closed).toBe(1001);
    expect(types(busy).slice(-2)).toEqual(["error", "response.failed"]);
    expect(busy.messages.at(-2)).toMatchObject({ type: "error", code: "shutting_down" });
    await closing;
  });
});
