import { existsSync, readdirSync, readFileSync } from "node:fs";
import { extname, join } from "node:path";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { Config } from "../../config/schema.js";
import { notFound } from "../../errors.js";
import { packageRoot } from "../../package-root.js";
import { dashboardGuard } from "./ui-guard.js";

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

interface Asset {
  type: string;
  body: Buffer;
}

/**
 * The dashboard at /ui/: static files built by `npm run build` (dist/ui), read once and served from memory,
 * behind the admin guard (or the dashboard's sign-in cookie). No CDN, no inline script.
 */
export function registerUiRoutes(app: FastifyInstance, config: Pick<Config, "admin_key">): void {
  const assets = loadAssets();
  const onRequest = dashboardGuard(config);
  const send = (reply: FastifyReply, asset: Asset) =>
    reply
      .header("content-type", asset.type)
      .header("cache-control", "no-cache")
      .header("content-security-policy", CSP)
      .header("x-content-type-options", "nosniff")
      .header("referrer-policy", "no-referrer")
      .send(asset.body);

  app.get("/ui", { onRequest }, async (_request, reply) => reply.redirect("/ui/"));
  app.get("/ui/", { onRequest }, async (_request, reply) => {
    const index = assets.get("index.html");
    if (index === undefined) {
      return reply
        .code(503)
        .header("content-type", "text/plain; charset=utf-8")
        .send("The dashboard is not built: run `npm run build`.");
    }
    return send(reply, index);
  });
  app.get<{ Params: { file: string } }>("/ui/:file", { onRequest }, async (request, reply) => {
    const asset = assets.get(request.params.file);
    if (asset === undefined) throw notFound(`No dashboard file '${request.params.file}'.`, "unknown_route");
    return send(reply, asset);
  });
}

/** The built dashboard, dist/ui (whether the server runs bundled from dist/ or from sources). */
function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const directory = join(packageRoot(), "dist", "ui");
  if (!existsSync(join(directory, "index.html"))) return assets;
  for (const name of readdirSync(directory)) {
    const type = TYPES[extname(name)];
    if (type !== undefined) assets.set(name, { type, body: readFileSync(join(directory, name)) });
  }
  return assets;
}
