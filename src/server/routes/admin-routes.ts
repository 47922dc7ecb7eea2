import type { FastifyInstance } from "fastify";
import type { AdminDependencies } from "../../admin/admin-room.js";
import type { Config } from "../../config/schema.js";
import { adminGuard } from "../admin-auth.js";
import { assertNotCrossOrigin } from "../cross-origin-guard.js";
import { registerAdminAccountRoutes } from "./admin-accounts.js";
import { registerAdminConfigRoute } from "./admin-config.js";
import { registerAdminModelMappingRoutes } from "./admin-model-mapping.js";

/**
 * The admin API under /admin/, behind adminGuard (admin_key, else loopback only; client api_keys do not
 * apply): accounts, cool-downs, the model mapping and the effective config. JSON in and out, errors in the
 * OpenAI shape. Changes sent by another site's page are refused (cross-origin-guard.ts).
 */
export function registerAdminRoutes(app: FastifyInstance, config: Config, admin: AdminDependencies): void {
  void app.register(async (scope) => {
    scope.addHook("onRequest", adminGuard(config));
    scope.addHook("onRequest", (request, _reply, done) => {
      try {
        assertNotCrossOrigin(request.method, request.headers, config.cors_origins);
        done();
      } catch (error) {
        done(error as Error);
      }
    });
    // PATCH /admin/model-mapping is a JSON merge patch; accept its own media type too.
    scope.addContentTypeParser(
      "application/merge-patch+json",
      { parseAs: "string" },
      scope.getDefaultJsonParser("error", "error"),
    );
    registerAdminAccountRoutes(scope, admin, config.oauth_client_id !== undefined);
    registerAdminModelMappingRoutes(scope, admin);
    registerAdminConfigRoute(scope, config, admin);
  });
}
