import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ask, type PoolStack, startPoolStack } from "./support.js";

/** A minimal HTTP CONNECT proxy that records where it was asked to tunnel to. */
let proxy: Server;
let proxyUrl: string;
const tunnels: string[] = [];
let stack: PoolStack;

beforeAll(async () => {
  proxy = createServer((_request, response) => response.writeHead(405).end());
  proxy.on("connect", (request, client, head) => {
    tunnels.push(request.url ?? "");
    const [host = "127.0.0.1", port = "80"] = (request.url ?? "").split(":");
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const address = proxy.address();
  proxyUrl = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`;
  stack = await startPoolStack({
    accounts: [
      { kind: "gemini", label: "proxied", api_key: "key-p", proxy_url: proxyUrl },
      { kind: "gemini", label: "direct", api_key: "key-d" },
    ],
    config: { strategy: "round_robin" },
  });
});
afterAll(async () => {
  await stack.close();
  proxy.closeAllConnections();
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
});

describe("per-account egress proxy (proxy_url)", () => {
  it("sends only that account's traffic through its proxy, on a kept-alive tunnel", async () => {
    const simulatorHost = new URL(stack.simulator.url).host;
    expect(await ask(stack, "via proxy")).toMatchObject({ account: "proxied" });
    expect(tunnels).toEqual([simulatorHost]);
    expect(await ask(stack, "direct")).toMatchObject({ account: "direct" });
    expect(await ask(stack, "via proxy again")).toMatchObject({ account: "proxied" });
    expect(tunnels).toEqual([simulatorHost]);
  });
});
