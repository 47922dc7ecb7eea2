import type { FastifyInstance } from "fastify";
import { VERSION } from "../../version.js";

export function registerHealthRoute(app: FastifyInstance): void {
  app.get("/healthz", async () => ({ status: "ok", version: VERSION }));
}
