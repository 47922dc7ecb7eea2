import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "./http-io.js";
import type { RouteMatch } from "./route-table.js";
import type { SimulatorState } from "./state.js";
import type { GoogleErrorBody } from "./types.js";

/** One request being answered: what arrived, where it routed, and where to write. */
export interface Exchange {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly state: SimulatorState;
  readonly route: RouteMatch;
  readonly query: URLSearchParams;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly bodyMalformed: boolean;
}

/** The client went away, or the simulator closed, or we already answered. */
export function isGone(exchange: Exchange): boolean {
  const { response, request } = exchange;
  return response.destroyed || response.writableEnded || request.socket.destroyed;
}

export function sendGoogleError(exchange: Exchange, body: GoogleErrorBody): void {
  sendJson(exchange.response, body.error.code, body);
}
