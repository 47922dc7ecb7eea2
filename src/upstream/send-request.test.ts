import { createServer } from "node:http";
import fc from "fast-check";
import { Agent } from "undici";
import { describe, expect, it } from "vitest";
import { RequestSignal } from "./request-signal.js";
import { sendUpstreamRequest, splitUrl } from "./send-request.js";

const viaUrl = (url: string) => {
  const parsed = new URL(url);
  return { origin: parsed.origin, path: parsed.pathname + parsed.search };
};

describe("splitUrl", () => {
  it("splits agate's upstream URLs as URL would", () => {
    for (const url of [
      "http://127.0.0.1:18046/v1beta/models/gemini-2.5-flash:generateContent",
      "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse",
      "https://cloudcode-pa.googleapis.com/v1internal:loadCodeAssist",
      "http://[::1]:8080/v1/chat/completions",
    ])
      expect(splitUrl(url)).toEqual(viaUrl(url));
  });

  it("leaves the unusual ones (userinfo, upper case, no path) to URL", () => {
    for (const url of ["http://user:pw@example.com/x", "HTTP://Example.COM/a?b=1", "http://example.com"])
      expect(splitUrl(url)).toEqual(viaUrl(url));
  });

  it("agrees with URL on generated lower-case URLs", () => {
    const host = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}(\.[a-z][a-z0-9]{0,7}){0,2}$/);
    const segment = fc.stringMatching(/^[a-zA-Z0-9._:~-]{1,12}$/);
    fc.assert(
      fc.property(
        fc.constantFrom("http", "https"),
        host,
        fc.option(fc.integer({ min: 1, max: 65535 })),
        fc.array(segment, { minLength: 1, maxLength: 4 }),
        fc.option(fc.stringMatching(/^[a-z0-9=&]{1,10}$/)),
        (scheme, name, port, segments, query) => {
          const url = `${scheme}://${name}${port === null ? "" : `:${port}`}/${segments.join("/")}${query === null ? "" : `?${query}`}`;
          const expected = viaUrl(url);
          // URL drops a scheme's default port from the origin; undici accepts either form.
          const actual = splitUrl(url);
          expect(actual.path).toBe(expected.path);
          expect(new URL(actual.origin).origin).toBe(expected.origin);
        },
      ),
    );
  });
});

describe("sendUpstreamRequest", () => {
  it("stops a call to a silent server with the signal's reason, an AbortSignal's or a RequestSignal's", async () => {
    const server = createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    const agent = new Agent();
    try {
      for (const [signal, abort] of [
        ((controller) => [controller.signal, (reason: Error) => controller.abort(reason)] as const)(
          new AbortController(),
        ),
        ((request) => [request.asAbortSignal(), (reason: Error) => request.abort(reason)] as const)(
          new RequestSignal(),
        ),
      ]) {
        const pending = sendUpstreamRequest(agent, {
          url: `http://127.0.0.1:${port}/v1beta/models`,
          method: "GET",
          headers: {},
          signal,
        });
        setTimeout(() => abort(new Error("client gone")), 20);
        await expect(pending).rejects.toThrow("client gone");
      }
    } finally {
      await agent.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
