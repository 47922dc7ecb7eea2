import type { FastifyInstance } from "fastify";
import type { AdminDependencies } from "../../admin/admin-room.js";
import { maskSecrets } from "../../config/mask.js";
import type { Config } from "../../config/schema.js";

/** GET /admin/config: the configuration in force — model_mapping with its run-time changes — secrets masked. */
export function registerAdminConfigRoute(
  app: FastifyInstance,
  config: Config,
  admin: AdminDependencies,
): void {
  app.get("/admin/config", async () => maskSecrets({ ...config, model_mapping: admin.mapping.effective() }));
}
