import Fastify from "fastify";
import { request } from "undici";
import { afterAll, describe, expect, it } from "vitest";
import { sendEventStream } from "../../src/server/generation-route.js";

/**
 * A stream's headers go out when its first frame does, after fastify has let go of the reply (hijacked): a
 * header Node refuses then (a value beyond Latin-1) must end the connection, not leave the client waiting
 * for an answer that never comes (the closed response is what stops the upstream call: upstream-signal.ts).
 */
describe("an event stream whose headers Node refuses", () => {
  const app = Fastify();
  app.post("/stream", async (_request, reply) => {
    reply.header("x-label", "工作账号");
    async function* frames() {
      yield "data: {}\n\n";
    }
    return sendEventStream(reply, frames(), 15_000);
  });
  afterAll(() => app.close());

  it("closes the connection at once instead of hanging", async () => {
    const address = await app.listen({ port: 0, host: "127.0.0.1" });
    const outcome = await request(`${address}/stream`, { method: "POST", headersTimeout: 5_000 }).then(
      () => "answered",
      (error: Error & { code?: string }) => error.code ?? error.name,
    );
    expect(outcome).not.toBe("UND_ERR_HEADERS_TIMEOUT");
    expect(outcome).not.toBe("answered");
  });
});
