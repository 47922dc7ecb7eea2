import { writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import type { InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gateway } from "../../src/gateway.js";
import { type Simulator, startSimulator } from "../../src/simulator/index.js";
import { testGateway } from "../helpers/gateway.js";
import { tempDir } from "../helpers/temp-dir.js";
import { generations, type PoolStack, startPoolStack } from "../pool/support.js";
import { listenOnLoopback } from "../server/support.js";
import { expectErrorShape, isOpenAIError, send } from "./support.js";

/**
 * Issue 6 §7: who gets in (LAN mode, strict mode, the DNS-rebinding Host check, CORS, admin routes) and what
 * agate will not touch (local files; remote files are the upstream's business). Routes are read from the
 * running app, so a route added later is covered too.
 */

const CLIENT_KEY = "sk-client-key-for-security-tests";
const ADMIN_KEY = "admin-key-for-security-tests-0123";
const LAN_ADDRESS = "192.168.1.50";

interface Route {
  method: string;
  /** With path parameters filled in. */
  url: string;
}

/** Every route of the app (from printRoutes), parameters filled, OPTIONS and HEAD left out. */
function routesOf(gateway: Gateway): Route[] {
  const tree = gateway.app.printRoutes({ commonPrefix: false });
  const prefixes: string[] = [];
  const routes: Route[] = [];
  for (const line of tree.split("\n")) {
    const match = /^([│ ]*)[├└]── (\S+) \(([^)]+)\)/.exec(line);
    if (match === null) continue;
    const depth = (match[1] ?? "").length / 4;
    const path = `${prefixes[depth - 1] ?? ""}${match[2] ?? ""}`;
    prefixes[depth] = path;
    prefixes.length = depth + 1;
    if (path === "*") continue;
    const url = path.replace(/:file/g, "index.html").replace(/:\w+/g, "some-id");
    for (const method of (match[3] ?? "").split(", ")) {
      if (method !== "OPTIONS" && method !== "HEAD") routes.push({ method, url });
    }
  }
  return routes;
}

const isAdmin = (url: string) => url.startsWith("/admin") || url === "/metrics" || url.startsWith("/ui");

function request(
  route: Route,
  headers: Record<string, string> = {},
  remoteAddress = LAN_ADDRESS,
): InjectOptions {
  const hasBody = route.method !== "GET" && route.method !== "DELETE";
  return {
    method: route.method as NonNullable<InjectOptions["method"]>,
    url: route.url,
    remoteAddress,
    headers: { ...(hasBody ? { "content-type": "application/json" } : {}), ...headers },
    ...(hasBody ? { payload: "{}" } : {}),
  };
}

describe("LAN mode (allow_lan_access, auth auto): no key, no entry", () => {
  let gateway: Gateway;
  let routes: Route[];
  beforeAll(async () => {
    gateway = await testGateway({ allow_lan_access: true, api_keys: [CLIENT_KEY], admin_key: ADMIN_KEY });
    await gateway.app.ready();
    routes = routesOf(gateway);
  });
  afterAll(async () => {
    await gateway.close();
  });

  it("the route list is read from the app (every generation route and the admin API are in it)", () => {
    const urls = routes.map((route) => `${route.method} ${route.url}`);
    expect(urls).toEqual(
      expect.arrayContaining([
        "GET /healthz",
        "POST /v1/chat/completions",
        "POST /v1/completions",
        "POST /v1/responses",
        "POST /v1/responses/compact",
        "GET /v1/models",
      ]),
    );
    expect(routes.length).toBeGreaterThan(10);
  });

  it("every route but /healthz refuses a request without a key (401/403, OpenAI shape, nothing served)", async () => {
    const admitted: string[] = [];
    for (const route of routes) {
      const answer = await gateway.app.inject(request(route));
      if (route.url === "/healthz") {
        expect(answer.statusCode).toBe(200);
        continue;
      }
      if (![401, 403].includes(answer.statusCode)) {
        admitted.push(`${route.method} ${route.url} → ${answer.statusCode}`);
        continue;
      }
      if (!route.url.startsWith("/ui")) expect(isOpenAIError(JSON.parse(answer.body)), route.url).toBe(true);
    }
    expect(admitted).toEqual([]);
  });

  it("a wrong key is refused the same way on every route but /healthz", async () => {
    for (const route of routes.filter((candidate) => candidate.url !== "/healthz")) {
      const answer = await gateway.app.inject(request(route, { authorization: "Bearer sk-wrong" }));
      expect([401, 403], `${route.method} ${route.url}`).toContain(answer.statusCode);
    }
  });

  it("the client key opens the client routes but no admin route", async () => {
    for (const route of routes) {
      const answer = await gateway.app.inject(request(route, { authorization: `Bearer ${CLIENT_KEY}` }));
      const where = `${route.method} ${route.url} → ${answer.statusCode}`;
      if (isAdmin(route.url)) expect([401, 403], where).toContain(answer.statusCode);
      else expect([401, 403], where).not.toContain(answer.statusCode);
    }
  });

  it("the admin key opens the admin API", async () => {
    const overview = routes.find((route) => route.url === "/admin/overview");
    if (overview === undefined) return;
    const answer = await gateway.app.inject(request(overview, { "x-admin-key": ADMIN_KEY }));
    expect(answer.statusCode).toBe(200);
  });
});

describe("strict mode", () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await testGateway({ auth_mode: "strict", api_keys: [CLIENT_KEY] });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it("guards /healthz too", async () => {
    const without = await gateway.app.inject({ method: "GET", url: "/healthz" });
    expect(without.statusCode).toBe(401);
    expect(expectErrorShape(without.body).code).toBe("invalid_api_key");
    const withKey = await gateway.app.inject({
      method: "GET",
      url: "/healthz",
      headers: { authorization: `Bearer ${CLIENT_KEY}` },
    });
    expect(withKey.statusCode).toBe(200);
  });

  it("never takes the key from the URL", async () => {
    const answer = await gateway.app.inject({
      method: "GET",
      url: `/v1/models?key=${CLIENT_KEY}&api_key=${CLIENT_KEY}`,
    });
    expect(answer.statusCode).toBe(401);
  });
});

describe("DNS rebinding: while bound to loopback, a foreign Host is refused on every route", () => {
  let gateway: Gateway;
  let base: string;
  beforeAll(async () => {
    gateway = await testGateway({ admin_key: ADMIN_KEY });
    base = `http://127.0.0.1:${await listenOnLoopback(gateway.app)}`;
  });
  afterAll(async () => {
    await gateway.close();
  });

  it("over a real socket: Host evil.example → 403 host_not_allowed, whatever the route", async () => {
    for (const route of routesOf(gateway)) {
      const withBody = ["POST", "PUT", "PATCH"].includes(route.method);
      const answer = await send(`${base}${route.url}`, {
        method: route.method as "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
        headers: { host: "evil.example:8045", "x-admin-key": ADMIN_KEY },
        ...(withBody ? { body: "{}" } : {}),
      });
      expect(answer.status, `${route.method} ${route.url}`).toBe(403);
      expect(expectErrorShape(answer.body).code).toBe("host_not_allowed");
    }
  });

  it("a loopback Host passes", async () => {
    expect((await send(`${base}/healthz`, { headers: { host: "localhost:8045" } })).status).toBe(200);
  });
});

describe("CORS", () => {
  let gateway: Gateway;
  beforeAll(async () => {
    gateway = await testGateway({ cors_origins: ["https://app.example"] });
  });
  afterAll(async () => {
    await gateway.close();
  });

  it.each(["https://evil.example", "https://app.example.evil.example", "null", "http://app.example"])(
    "refuses the unlisted origin %s (no access-control-allow-origin, preflight or not)",
    async (origin) => {
      const preflight = await gateway.app.inject({
        method: "OPTIONS",
        url: "/v1/chat/completions",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization",
        },
      });
      expect(preflight.headers["access-control-allow-origin"]).toBeUndefined();
      const simple = await gateway.app.inject({ method: "GET", url: "/v1/models", headers: { origin } });
      expect(simple.headers["access-control-allow-origin"]).toBeUndefined();
    },
  );

  it("allows the listed origin", async () => {
    const answer = await gateway.app.inject({
      method: "GET",
      url: "/v1/models",
      headers: { origin: "https://app.example" },
    });
    expect(answer.headers["access-control-allow-origin"]).toBe("https://app.example");
  });
});

describe("files: never read a local one, never fetch a remote one", () => {
  let simulator: Simulator;
  let stack: PoolStack;
  let folder: string;
  let canaryPath: string;
  let remote: Server;
  let remoteHits = 0;
  let remoteBase: string;
  beforeAll(async () => {
    simulator = await startSimulator({ quiet: true });
    stack = await startPoolStack({
      simulator,
      accounts: [{ kind: "gemini", label: "files", api_key: "key-files" }],
    });
    folder = tempDir("agate-files-");
    canaryPath = join(folder, "secret.png");
    writeFileSync(canaryPath, "CANARY-LOCAL-FILE-CONTENT");
    remote = createServer((_request, response) => {
      remoteHits++;
      response.end("CANARY-REMOTE-FILE-CONTENT");
    });
    remoteBase = `http://127.0.0.1:${await new Promise<number>((resolve) =>
      remote.listen(0, "127.0.0.1", () => {
        const address = remote.address();
        resolve(typeof address === "object" && address !== null ? address.port : 0);
      }),
    )}`;
  });
  afterAll(async () => {
    await stack.close();
    await simulator.close();
    await new Promise<void>((resolve) => remote.close(() => resolve()));
  });

  const localNames = () => [
    canaryPath,
    `file://${canaryPath}`,
    `FILE://${canaryPath}`,
    "file:///etc/passwd",
    "~/.ssh/id_rsa",
  ];

  it("chat: an image_url naming a local path or file:// → 400 naming the param, no upstream call", async () => {
    for (const url of localNames()) {
      const before = generations(simulator).length;
      const answer = await send(`${stack.url}/v1/chat/completions`, {
        body: {
          model: "gemini-2.5-flash",
          messages: [{ role: "user", content: [{ type: "image_url", image_url: { url } }] }],
        },
      });
      expect(answer.status, url).toBe(400);
      expect(expectErrorShape(answer.body).param).toBe("messages[0].content[0].image_url.url");
      expect(generations(simulator)).toHaveLength(before);
    }
  });

  it("responses: an input_image or input_file naming a local path or file:// → 400, no upstream call", async () => {
    for (const url of localNames()) {
      for (const part of [
        { type: "input_image", image_url: url },
        { type: "input_file", file_url: url },
      ]) {
        const before = generations(simulator).length;
        const answer = await send(`${stack.url}/v1/responses`, {
          body: { model: "gemini-2.5-flash", input: [{ role: "user", content: [part] }] },
        });
        expect(answer.status, `${part.type} ${url}`).toBe(400);
        expect(expectErrorShape(answer.body).param).toMatch(/^input\[0\]\.content\[0\]/);
        expect(generations(simulator)).toHaveLength(before);
      }
    }
  });

  it("an http(s) file goes to the upstream as fileData and is never fetched by agate", async () => {
    const chatUrl = `${remoteBase}/cat.png`;
    const chat = await send(`${stack.url}/v1/chat/completions`, {
      body: {
        model: "gemini-2.5-flash",
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "see" },
              { type: "image_url", image_url: { url: chatUrl } },
            ],
          },
        ],
      },
    });
    expect(chat.status, chat.body).toBe(200);
    const responsesUrl = `${remoteBase}/report.pdf`;
    const responses = await send(`${stack.url}/v1/responses`, {
      body: {
        model: "gemini-2.5-flash",
        input: [
          {
            role: "user",
            content: [
              { type: "input_text", text: "read" },
              { type: "input_file", file_url: responsesUrl },
            ],
          },
        ],
      },
    });
    expect(responses.status, responses.body).toBe(200);
    const sent = JSON.stringify(
      generations(simulator)
        .slice(-2)
        .map((call) => call.body),
    );
    expect(sent).toContain(`"fileUri":"${chatUrl}"`);
    expect(sent).toContain(`"fileUri":"${responsesUrl}"`);
    expect(sent).not.toContain("CANARY-REMOTE-FILE-CONTENT");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(remoteHits).toBe(0);
  });
});
