import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { AdminDependencies } from "../../admin/admin-room.js";
import { invalidRequest } from "../../errors.js";

const name = z.string().min(1).max(256);
const mappingSchema = z.record(name, name);
const changesSchema = z.record(name, name.nullable());

/**
 * /admin/model-mapping: GET the mapping in force (with the config file's and the run-time changes apart),
 * PUT a whole new one, PATCH some entries (JSON merge patch: null takes one out), DELETE the run-time
 * changes. Kept in the store, applied to the very next request.
 */
export function registerAdminModelMappingRoutes(app: FastifyInstance, admin: AdminDependencies): void {
  const { mapping } = admin;
  const current = () => ({
    object: "model_mapping",
    model_mapping: mapping.effective(),
    config_file: mapping.configured(),
    overrides: mapping.overrides(),
  });

  app.get("/admin/model-mapping", async () => current());

  app.put("/admin/model-mapping", async (request) => {
    mapping.replace(parse(mappingSchema, request.body));
    admin.log("model mapping replaced", {});
    return current();
  });

  app.patch("/admin/model-mapping", async (request) => {
    mapping.patch(parse(changesSchema, request.body, true));
    admin.log("model mapping changed", {});
    return current();
  });

  app.delete("/admin/model-mapping", async () => {
    mapping.reset();
    admin.log("model mapping reset to the config file", {});
    return current();
  });
}

function parse<T>(schema: z.ZodType<T>, body: unknown, nullable = false): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = issue?.path.map(String).join(".") ?? "";
  throw invalidRequest(
    `The body must be a JSON object of client model name → upstream model (strings of 1 to 256 characters${
      nullable ? ", or null to take a name out" : ""
    })${key === "" ? "" : `; '${key}' is not`}.`,
    key === "" ? null : `model_mapping.${key}`,
    "invalid_model_mapping",
  );
}
