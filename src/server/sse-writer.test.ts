import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { afterEach, describe, expect, it, vi } from "vitest";
import { writeEventStream } from "./sse-writer.js";

const KEEP_ALIVE = ": keep-alive\n\n";
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function* slow(frames: string[], gapMs: number) {
  for (const frame of frames) {
    await wait(gapMs);
    yield frame;
  }
}

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A server answering every request with `frames` through writeEventStream; `done` settles when it is over. */
async function serve(frames: () => AsyncIterable<string>, keepAliveMs: number, errors: unknown[] = []) {
  let done: Promise<void> = Promise.resolve();
  server = createServer((_request, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    done = writeEventStream(res, frames(), keepAliveMs, (error) => errors.push(error));
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  const open = () =>
    new Promise<IncomingMessage>((resolve, reject) =>
      httpRequest({ port, host: "127.0.0.1" }, resolve).on("error", reject).end(),
    );
  return { open, done: () => done };
}

async function readAll(response: IncomingMessage): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of response) out.push(String(chunk));
  return out;
}

describe("writeEventStream", () => {
  it("writes the frames in order, with comments during silence, then ends the response", async () => {
    const { open } = await serve(() => slow(["a", "b"], 60), 25);
    const text = (await readAll(await open())).join("");
    expect(text.replaceAll(KEEP_ALIVE, "")).toBe("ab");
    expect(text.split(KEEP_ALIVE).length - 1).toBeGreaterThanOrEqual(2);
  });

  it("no comment when frames come faster than the interval", async () => {
    const { open } = await serve(() => slow(["a", "b", "c"], 1), 1_000);
    expect((await readAll(await open())).join("")).toBe("abc");
  });

  it("waits for a client that does not read instead of buffering the whole source", async () => {
    let produced = 0;
    async function* many() {
      for (let index = 0; index < 20_000; index++) {
        produced++;
        yield "x".repeat(1_024);
      }
    }
    const { open } = await serve(many, 10_000);
    const response = await open();
    response.pause();
    await wait(200);
    // 20 MB in all; what the socket buffers hold is far less.
    expect(produced).toBeLessThan(10_000);
    response.resume();
    expect((await readAll(response)).join("").length).toBe(1_024 * 20_000);
  });

  it("a client going away releases the source", async () => {
    let released = false;
    async function* source() {
      try {
        yield "a";
        await wait(200);
        yield "b";
      } finally {
        released = true;
      }
    }
    const { open, done } = await serve(source, 10_000);
    const response = await open();
    for await (const chunk of response) {
      expect(String(chunk)).toBe("a");
      break;
    }
    response.destroy();
    await done();
    expect(released).toBe(true);
  });

  it("a response closed before the stream starts: over at once, the source released", async () => {
    // The client left while the answer was awaited (a late answer's head is written after it left).
    let released = false;
    const frames = ["a", "b"];
    const iterator: AsyncIterator<string> = {
      next: async () => {
        const frame = frames.shift();
        return frame === undefined ? { done: true, value: undefined } : { done: false, value: frame };
      },
      return: async () => {
        released = true;
        return { done: true, value: undefined };
      },
    };
    const source = () => ({ [Symbol.asyncIterator]: () => iterator });
    let done: Promise<void> | undefined;
    server = createServer((request, res) => {
      res.once("close", () => {
        res.writeHead(200, { "content-type": "text/event-stream" });
        done = writeEventStream(res, source(), 20, () => undefined);
      });
      request.socket.destroy();
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) =>
      httpRequest({ port, host: "127.0.0.1" })
        .on("error", () => resolve())
        .end(),
    );
    await vi.waitFor(() => expect(done).toBeDefined());
    const outcome = await Promise.race([done?.then(() => "over"), wait(500).then(() => "still writing")]);
    expect(outcome).toBe("over");
    expect(released).toBe(true);
  });

  it("a failing source cuts the connection and is reported", async () => {
    async function* failing(): AsyncGenerator<string> {
      yield "a";
      throw new Error("boom");
    }
    const errors: unknown[] = [];
    const { open, done } = await serve(failing, 10_000, errors);
    // Cut before or after the head reached the client: either way the client sees no clean end.
    await expect(open().then(readAll)).rejects.toThrow();
    await done();
    expect(errors).toEqual([new Error("boom")]);
  });

  it("sends the first frame at once, not after the rest of a burst", async () => {
    // A burst: every frame ready without a pause (as when the upstream's first packet holds several events).
    // When the second one is asked for, the head and the first frame must already be out of the socket's
    // buffer, not held (corked) until the whole burst has been encoded.
    const seen: { corked: number; buffered: number }[] = [];
    let res: ServerResponse | undefined;
    async function* burst() {
      yield "data: 1\n\n";
      if (res?.socket) seen.push({ corked: res.socket.writableCorked, buffered: res.socket.writableLength });
      yield "data: 2\n\n";
      yield "data: 3\n\n";
    }
    server = createServer((_request, response) => {
      res = response;
      response.writeHead(200, { "content-type": "text/event-stream" });
      void writeEventStream(response, burst(), 10_000, () => undefined);
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const response = await new Promise<IncomingMessage>((resolve, reject) =>
      httpRequest({ port, host: "127.0.0.1" }, resolve).on("error", reject).end(),
    );
    expect((await readAll(response)).join("")).toBe("data: 1\n\ndata: 2\n\ndata: 3\n\n");
    expect(seen).toEqual([{ corked: 0, buffered: 0 }]);
  });
});
