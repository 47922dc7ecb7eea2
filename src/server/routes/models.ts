import type { FastifyInstance } from "fastify";
import { notFound } from "../../errors.js";
import type { AppDependencies } from "../app.js";

/** How Google names a model as a resource; requests accept it before a model's name. */
const RESOURCE_PREFIX = "models/";

/** A fixed creation time: upstream model lists carry none, and a stable value keeps listings comparable. */
const CREATED = 1_735_689_600;

interface ModelObject {
  id: string;
  object: "model";
  created: number;
  owned_by: string;
}

/**
 * GET /v1/models: the union of what the accounts serve, the exact keys of model_mapping and the built-in
 * aliases — never a wildcard — sorted, without duplicates, each owned by whom the catalog names (owners()),
 * else by agate. GET /v1/models/{id}: one of them, a name a wildcard routes to a served model, or 404.
 */
export function registerModelsRoutes(
  app: FastifyInstance,
  deps: Pick<AppDependencies, "catalog" | "router">,
): void {
  const listModels = async (): Promise<ModelObject[]> => {
    const owners = await deps.catalog.owners();
    const names = new Set([...owners.keys(), ...deps.router.exactNames()]);
    return [...names].sort().map((id) => ({
      id,
      object: "model",
      created: CREATED,
      owned_by: owners.get(id) ?? "agate",
    }));
  };

  /**
   * A name only a wildcard of the mapping or the aliases routes (`gpt-4o-2024-08-06`): not listed, but
   * served, so a client checking its model first finds it, when what it routes to is served.
   */
  const byWildcard = async (id: string): Promise<ModelObject | undefined> => {
    if (id.includes("*")) return undefined;
    const route = deps.router.route(id);
    if (route.source !== "mapping-wildcard" && route.source !== "alias-wildcard") return undefined;
    if (!(await deps.catalog.list()).includes(route.upstream)) return undefined;
    return { id, object: "model", created: CREATED, owned_by: "agate" };
  };

  const find = async (id: string): Promise<ModelObject | undefined> =>
    (await listModels()).find((candidate) => candidate.id === id) ?? (await byWildcard(id));

  /**
   * A model named as Google's resource (`models/gemini-2.5-flash`), which requests accept as its bare name
   * (routing/model-router.ts): found as that name, under the id asked for.
   */
  const asResourceName = async (id: string): Promise<ModelObject | undefined> => {
    if (!id.startsWith(RESOURCE_PREFIX)) return undefined;
    const bare = await find(id.slice(RESOURCE_PREFIX.length));
    return bare === undefined ? undefined : { ...bare, id };
  };

  app.get("/v1/models", async () => ({ object: "list", data: await listModels() }));

  // A wildcard, not `:id`: a model id may hold slashes (`team/coder`), and clients that do not encode
  // them (openai-node 4, curl) send them as they are.
  app.get<{ Params: { "*": string } }>("/v1/models/*", async (request, reply) => {
    const id = request.params["*"];
    // GET /v1/models/ is the list with a trailing slash, not a model named '': the 404 says so.
    if (id === "") return reply.callNotFound();
    const model = (await find(id)) ?? (await asResourceName(id));
    if (model === undefined) {
      throw notFound(
        `The model '${id}' does not exist; GET /v1/models lists them.`,
        "model_not_found",
        "model",
      );
    }
    return model;
  });
}
