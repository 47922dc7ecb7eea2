import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { accountFromInput } from "../../accounts/account-input.js";
import { fingerprintOf } from "../../accounts/fingerprint.js";
import type { AdminDependencies } from "../../admin/admin-room.js";
import { invalidRequest } from "../../errors.js";

type WithId = { Params: { id: string } };

const disableBody = z
  .object({ reason: z.string().min(1).max(500).optional() })
  .strict()
  .optional();

/**
 * /admin/accounts: list, add (a config-file entry as the body, plus `email`), show, remove, enable,
 * disable, and clear cool-downs. `:id` is an id, a unique start of one, or a label.
 */
export function registerAdminAccountRoutes(
  app: FastifyInstance,
  admin: AdminDependencies,
  oauthConfigured: boolean,
): void {
  const { book } = admin;
  const viewOf = (id: string) => {
    const [view] = admin.views([book.resolve(id)]);
    return view;
  };

  app.get("/admin/accounts", async () => ({ object: "list", data: admin.views() }));

  app.post("/admin/accounts", async (request, reply) => {
    const body = request.body;
    if (typeof body !== "object" || body === null || Array.isArray(body))
      throw invalidRequest(
        'Send the account as a JSON object, e.g. {"kind":"gemini","api_key":"..."}.',
        null,
        "invalid_account",
      );
    const { email, ...declared } = body as Record<string, unknown>;
    if (email !== undefined && typeof email !== "string")
      throw invalidRequest("email: expected a string.", "email", "invalid_account");
    if (declared.kind === "cloudcode" && !oauthConfigured)
      throw invalidRequest(
        "This gateway has no oauth_client_id: set it (and oauth_client_secret) before adding cloudcode accounts.",
        "kind",
        "invalid_account",
      );
    const account = book.add(accountFromInput(declared, email === undefined ? {} : { email }));
    admin.log("account added", {
      account: account.id,
      label: account.label,
      kind: account.kind,
      fingerprint: fingerprintOf(account),
    });
    return reply.status(201).send(viewOf(account.id));
  });

  app.get<WithId>("/admin/accounts/:id", async (request) => viewOf(request.params.id));

  app.delete<WithId>("/admin/accounts/:id", async (request) => {
    const account = book.remove(request.params.id);
    admin.cooldowns.clear(account.id);
    admin.log("account removed", { account: account.id, label: account.label });
    return { id: account.id, object: "account", deleted: true };
  });

  app.post<WithId>("/admin/accounts/:id/enable", async (request) => {
    const account = book.enable(request.params.id);
    admin.log("account turned on", { account: account.id });
    return viewOf(account.id);
  });

  app.post<WithId>("/admin/accounts/:id/disable", async (request) => {
    const parsed = disableBody.safeParse(request.body ?? undefined);
    if (!parsed.success)
      throw invalidRequest('The body may only hold {"reason": "<text>"}.', "reason", "invalid_request");
    const account = book.disable(request.params.id, parsed.data?.reason);
    admin.log("account turned off", { account: account.id });
    return viewOf(account.id);
  });

  app.delete<WithId & { Querystring: { model?: string } }>(
    "/admin/accounts/:id/cooldowns",
    async (request) => {
      const account = book.resolve(request.params.id);
      const model = request.query.model;
      const cleared = admin.cooldowns.clear(account.id, model === "" ? undefined : model);
      admin.log("cool-downs cleared", { account: account.id, model: model ?? null, cleared });
      return { object: "cooldowns.cleared", account_id: account.id, cleared, account: viewOf(account.id) };
    },
  );
}
