import { type Exchange, sendGoogleError } from "./exchange.js";
import { invalidArgument, methodNotFound } from "./google-error.js";
import { isObject, sendJson } from "./http-io.js";
import type { SimRule } from "./script-types.js";

/**
 * The simulator's own controls over HTTP, for tests whose simulator lives in another process:
 * POST /__sim/script, GET /__sim/requests, POST /__sim/reset,
 * POST /__sim/refresh-tokens `{refreshToken, email?, invalid?, onboarded?}`, POST /__sim/expire-access-tokens.
 */
export async function handleControl(exchange: Exchange): Promise<void> {
  const { state, body } = exchange;
  const action = `${exchange.request.method ?? "GET"} ${exchange.request.url?.split("?")[0] ?? ""}`;
  switch (action) {
    case "POST /__sim/script":
      if (!isObject(body) || !isObject(body.respond)) {
        return sendGoogleError(exchange, invalidArgument("A rule needs a `respond` object."));
      }
      state.rules.add(body as unknown as SimRule);
      return ok(exchange);
    case "GET /__sim/requests":
      return sendJson(exchange.response, 200, { requests: state.requests });
    case "POST /__sim/reset":
      state.reset();
      return ok(exchange);
    case "POST /__sim/refresh-tokens":
      if (!isObject(body) || typeof body.refreshToken !== "string") {
        return sendGoogleError(exchange, invalidArgument("`refreshToken` is required."));
      }
      state.tokens.addRefreshToken(body.refreshToken, {
        ...(typeof body.email === "string" ? { email: body.email } : {}),
        ...(typeof body.invalid === "boolean" ? { invalid: body.invalid } : {}),
        ...(typeof body.onboarded === "boolean" ? { onboarded: body.onboarded } : {}),
      });
      return ok(exchange);
    case "POST /__sim/expire-access-tokens":
      state.tokens.expireAccessTokens();
      return ok(exchange);
    default:
      return sendGoogleError(exchange, methodNotFound());
  }
}

function ok(exchange: Exchange): void {
  sendJson(exchange.response, 200, { ok: true });
}
