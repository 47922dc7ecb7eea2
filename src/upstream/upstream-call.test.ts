import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { Agent } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestSignal } from "./request-signal.js";
import { callUpstream } from "./upstream-call.js";

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

let server: Server;
let origin: string;
let handler: Handler = (_request, response) => response.end();
const closed: string[] = [];
const agent = new Agent();

beforeAll(async () => {
  server = createServer((request, response) => {
    response.on("close", () => closed.push(request.url ?? ""));
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  await agent.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const call = (path: string, signal: AbortSignal = new RequestSignal().asAbortSignal()) =>
  callUpstream(agent, { origin, path, method: "POST", headers: {}, body: "{}", signal });

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("callUpstream", () => {
  it("answers with the status, the parsed headers and the whole body as text, across chunks", async () => {
    handler = (_request, response) => {
      response.writeHead(429, { "retry-after": "7", "x-two": ["a", "b"] });
      response.write('\ufeff{"na');
      // A two-byte character split across two writes.
      response.write(Buffer.from([0x6d, 0x65, 0x22, 0x3a, 0x22, 0xc3]));
      setTimeout(() => response.end(Buffer.from([0xa9, 0x22, 0x7d])), 5);
    };
    const response = await call("/text");
    expect(response.statusCode).toBe(429);
    expect(response.headers["retry-after"]).toBe("7");
    expect(response.headers["x-two"]).toEqual(["a", "b"]);
    expect(await response.body.text()).toBe('{"name":"é"}');
    expect(response.body.destroyed).toBe(true);
  });

  it("gives the chunks in order to a slow reader", async () => {
    const piece = Buffer.alloc(16 * 1024, "x");
    let written = 0;
    handler = (_request, response) => {
      const pump = () => {
        while (written < 64) {
          written++;
          if (!response.write(Buffer.concat([Buffer.from(String(written).padStart(4, "0")), piece])))
            return void response.once("drain", pump);
        }
        response.end();
      };
      pump();
    };
    const response = await call("/slow");
    const received: Buffer[] = [];
    for await (const chunk of response.body) {
      received.push(chunk);
      if (received.length % 8 === 0) await wait(2);
    }
    const all = Buffer.concat(received);
    expect(all.length).toBe(64 * (4 + piece.length));
    for (let n = 1; n <= 64; n++) {
      const at = (n - 1) * (4 + piece.length);
      expect(all.subarray(at, at + 4).toString()).toBe(String(n).padStart(4, "0"));
    }
  });

  it("pauses the connection while the reader does not read, rather than buffering without bound", async () => {
    const piece = Buffer.alloc(64 * 1024, "x");
    const total = 1024; // 64 MB: far beyond what the kernel's socket buffers hold
    let written = 0;
    handler = (_request, response) => {
      const pump = () => {
        while (written < total) {
          written++;
          if (!response.write(piece)) return void response.once("drain", pump);
        }
        response.end();
      };
      pump();
    };
    const response = await call("/stalled");
    const iterator = response.body[Symbol.asyncIterator]();
    await iterator.next();
    await wait(300);
    expect(written).toBeLessThan(total / 2);
    response.body.destroy();
  });

  it("stops the call with the signal's reason, before the head and in the middle of the body", async () => {
    handler = () => undefined;
    const early = new RequestSignal();
    const pending = call("/never", early.asAbortSignal());
    setTimeout(() => early.abort(new Error("client gone early")), 10);
    await expect(pending).rejects.toThrow("client gone early");

    handler = (_request, response) => response.write("part");
    const late = new AbortController();
    const response = await call("/half", late.signal);
    const iterator = response.body[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.toString()).toBe("part");
    const next = iterator.next();
    late.abort(new Error("client gone late"));
    await expect(next).rejects.toThrow("client gone late");
    await wait(20);
    expect(closed).toContain("/half");
  });

  it("refuses at once on a signal that has already aborted", async () => {
    const signal = new RequestSignal();
    signal.abort(new Error("already gone"));
    await expect(call("/never", signal.asAbortSignal())).rejects.toThrow("already gone");
  });

  it("destroy closes the connection of a body nobody reads to its end", async () => {
    handler = (_request, response) => response.write("endless");
    const response = await call("/endless");
    for await (const chunk of response.body) {
      expect(chunk.toString()).toBe("endless");
      break;
    }
    expect(response.body.destroyed).toBe(true);
    await wait(20);
    expect(closed).toContain("/endless");
  });

  it("a connection that dies in the middle of the body fails the read", async () => {
    handler = (request, response) => {
      response.writeHead(200, { "content-length": "100" });
      response.write("short");
      setTimeout(() => request.socket.destroy(), 5);
    };
    const response = await call("/dies");
    await expect(response.body.text()).rejects.toThrow();
    expect(response.body.destroyed).toBe(true);
  });
});
