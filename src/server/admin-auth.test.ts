import Fastify from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { AgateError } from "../errors.js";
import { adminGuard } from "./admin-auth.js";

const apps: ReturnType<typeof Fastify>[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function appWith(adminKey: string | undefined, remoteAddress = "127.0.0.1") {
  const app = Fastify();
  apps.push(app);
  app.setErrorHandler(async (error, _request, reply) => {
    const agate = error instanceof AgateError ? error : undefined;
    return reply.status(agate?.status ?? 500).send(agate?.toJSON() ?? { error: String(error) });
  });
  app.get(
    "/admin/ping",
    { onRequest: adminGuard(adminKey === undefined ? {} : { admin_key: adminKey }) },
    async () => ({ ok: true }),
  );
  await app.ready();
  return (headers: Record<string, string> = {}) =>
    app.inject({ method: "GET", url: "/admin/ping", headers, remoteAddress });
}

describe("adminGuard", () => {
  it("without admin_key: loopback (also IPv4-mapped) gets in, anything else gets 403", async () => {
    expect((await (await appWith(undefined))()).statusCode).toBe(200);
    expect((await (await appWith(undefined, "::ffff:127.0.0.1"))()).statusCode).toBe(200);
    const remote = await (await appWith(undefined, "192.0.2.10"))();
    expect(remote.statusCode).toBe(403);
    expect(remote.json().error.code).toBe("admin_loopback_only");
  });

  it("with admin_key: Bearer or x-admin-key, from anywhere; a client key or nothing is 401", async () => {
    const key = "admin-key-0123456789";
    const call = await appWith(key, "192.0.2.10");
    expect((await call({ authorization: `Bearer ${key}` })).statusCode).toBe(200);
    expect((await call({ "x-admin-key": key })).statusCode).toBe(200);
    expect((await call({ authorization: "Bearer some-client-key" })).statusCode).toBe(401);
    expect((await call()).statusCode).toBe(401);
  });
});
