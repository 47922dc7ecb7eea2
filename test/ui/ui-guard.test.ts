import { afterEach, describe, expect, it } from "vitest";
import type { Gateway } from "../../src/gateway.js";
import { testGateway } from "../helpers/gateway.js";

const ADMIN_KEY = "admin-key-0123456789abcdef";
let gateway: Gateway | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

const page = (extra: Record<string, string> = {}, remoteAddress = "127.0.0.1") => ({
  method: "GET" as const,
  url: "/ui/",
  remoteAddress,
  headers: { host: "localhost", accept: "text/html", ...extra },
});

describe("the dashboard's guard", () => {
  it("without admin_key: served to this machine, refused to others", async () => {
    gateway = await testGateway();
    const local = await gateway.app.inject(page());
    expect(local.statusCode).toBe(200);
    expect(local.headers["content-type"]).toContain("text/html");
    expect(local.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(local.body).toContain('<script type="module" src="main.js">');
    const script = await gateway.app.inject({ ...page(), url: "/ui/main.js" });
    expect(script.headers["content-type"]).toContain("text/javascript");
    expect((await gateway.app.inject(page({}, "10.1.2.3"))).statusCode).toBe(403);
    expect((await gateway.app.inject({ ...page(), url: "/ui" })).headers.location).toBe("/ui/");
    expect((await gateway.app.inject({ ...page(), url: "/ui/nope.js" })).statusCode).toBe(404);
  });

  it("with admin_key: a browser gets the sign-in page, then the dashboard with the key's cookie", async () => {
    gateway = await testGateway({ admin_key: ADMIN_KEY, api_keys: ["client-key-0123456789"] });
    const refused = await gateway.app.inject(page());
    expect(refused.statusCode).toBe(401);
    expect(refused.body).toContain("Enter the admin key");
    expect(refused.body).not.toContain(ADMIN_KEY);
    const cookie = `agate_admin_key=${encodeURIComponent(ADMIN_KEY)}`;
    expect((await gateway.app.inject(page({ cookie }))).statusCode).toBe(200);
    expect(refused.body).not.toContain("not accepted");
    // A mistyped key brings the sign-in page back saying so, not as if nothing had happened.
    const wrong = await gateway.app.inject(page({ cookie: "agate_admin_key=wrong-key-0123456789" }));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain("That key was not accepted");
    expect(wrong.body).not.toContain("wrong-key-0123456789");
    expect((await gateway.app.inject(page({ "x-admin-key": ADMIN_KEY }))).statusCode).toBe(200);
    expect(
      (await gateway.app.inject(page({ authorization: "Bearer client-key-0123456789" }))).statusCode,
    ).toBe(401);
  });

  it("with admin_key: the cookie opens the read-only data routes, never the admin API that changes things", async () => {
    gateway = await testGateway({ admin_key: ADMIN_KEY });
    const cookie = `agate_admin_key=${encodeURIComponent(ADMIN_KEY)}`;
    const get = (url: string, headers: Record<string, string>) =>
      gateway?.app.inject({
        method: "GET",
        url,
        remoteAddress: "127.0.0.1",
        headers: { host: "localhost", ...headers },
      });
    for (const url of ["/admin/overview", "/admin/stats", "/admin/requests"]) {
      expect((await get(url, {}))?.statusCode, url).toBe(401);
      expect((await get(url, { cookie }))?.statusCode, url).toBe(200);
    }
    const disable = await gateway.app.inject({
      method: "POST",
      url: "/admin/accounts/any/disable",
      remoteAddress: "127.0.0.1",
      headers: { host: "localhost", cookie, "content-type": "application/json" },
      payload: {},
    });
    expect(disable.statusCode).toBe(401);
    expect((await get("/metrics", { cookie }))?.statusCode).toBe(401);
  });
});
