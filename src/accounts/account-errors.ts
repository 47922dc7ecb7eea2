import { AgateError } from "../errors.js";

/** What can go wrong managing accounts; the admin API answers these in the OpenAI error shape, the CLI prints them. */

export const accountNotFound = (reference: string) =>
  new AgateError(
    `No account '${reference}': give its id (or a unique start of it) or its label; \`agate accounts list\` shows them.`,
    { status: 404, type: "invalid_request_error", code: "account_not_found", param: "id" },
  );

export const ambiguousAccount = (reference: string, ids: readonly string[]) =>
  new AgateError(`'${reference}' names several accounts (${ids.join(", ")}); give the full id.`, {
    status: 400,
    type: "invalid_request_error",
    code: "ambiguous_account",
    param: "id",
  });

export const accountExists = (id: string, label: string, how: string) =>
  new AgateError(`That account is already there as ${id} (${label})${how}.`, {
    status: 409,
    type: "invalid_request_error",
    code: "account_exists",
  });

/** Labels name accounts in X-Account-Email, logs and `/admin/accounts/<label>`: two accounts cannot share one. */
export const labelInUse = (label: string, holderId: string) =>
  new AgateError(`The label '${label}' already names account ${holderId}; choose another label.`, {
    status: 409,
    type: "invalid_request_error",
    code: "label_in_use",
    param: "label",
  });

export const accountDeclared = (id: string, source: "config" | "env") =>
  new AgateError(
    source === "env"
      ? `Account ${id} comes from GEMINI_API_KEY; unset that variable to remove it.`
      : `Account ${id} is declared in the config file; remove it there (agate would add it back at the next start).`,
    { status: 409, type: "invalid_request_error", code: "account_declared_in_config", param: "id" },
  );

export const invalidAccount = (message: string, param: string | null) =>
  new AgateError(message, { status: 400, type: "invalid_request_error", code: "invalid_account", param });
