import type { FastifyInstance, FastifyRequest } from "fastify";
import type { RawData, WebSocket } from "ws";
import { forbidden } from "../../errors.js";
import type { RequestObservation } from "../../observability/request-observation.js";
import { eventJson, responseEvents } from "../../protocols/responses/encode.js";
import type { ResponseEvent } from "../../protocols/responses/output-types.js";
import type { InputItem, ResponsesRequest } from "../../protocols/responses/request-schema.js";
import { linkOf, type StoredResponse } from "../../store/responses-repository.js";
import type { AppDependencies } from "../app.js";
import { toAgateError } from "../error-mapper.js";
import { failureLog } from "../failure-log.js";
import { loggedStreamFailure } from "../generation-route.js";
import { observedExecute } from "../observed-execute.js";
import { ClientGoneError, stoppableSignal } from "../upstream-signal.js";
import { prepareResponse, type ResponseEnvironment, type ResponsesServices } from "./responses-prepare.js";
import {
  type CreateMessage,
  errorFrame,
  errorFrameStatus,
  parseCreateMessage,
  responseInFlight,
} from "./responses-websocket-frames.js";

/** Responses a socket remembers for previous_response_id (store: false included); the oldest goes first. */
const RECENT_RESPONSES = 50;
/** Above this many unsent bytes, wait for the client to read before sending more. */
const HIGH_WATER_BYTES = 1024 * 1024;
/** The close code of a socket the gateway ends because it stops ("going away"). */
const GOING_AWAY = 1001;

/**
 * The Responses API over a WebSocket (GET /v1/responses upgraded, as Codex and newer SDKs use): each
 * `response.create` message gets the very events of the SSE stream, one JSON object per message. Turns run one
 * at a time; a response.create during a turn gets an error frame. Auth, the host guard and an origin check
 * apply to the upgrade request; a plain GET is a 404.
 */
export function registerResponsesWebSocket(
  app: FastifyInstance,
  deps: AppDependencies,
  services: ResponsesServices,
): void {
  const origins = new Set(deps.config.cors_origins);
  // When the gateway stops, an idle socket closes at once and a busy one once its turn has ended, as an HTTP
  // request in flight may finish (shutdown_timeout_ms; then stopRequestsInFlight stops the turn).
  const sockets = new Set<ResponsesSocket>();
  app.addHook("preClose", (done) => {
    for (const socket of sockets) socket.closeWhenIdle();
    done();
  });
  for (const url of ["/v1/responses", "/responses"]) {
    app.route({
      method: "GET",
      url,
      // A browser page may open a WebSocket to any origin (no CORS for it), so a browser's Origin must be listed.
      preHandler: async (request) => {
        const origin = request.headers.origin;
        if (request.ws && origin !== undefined && !origins.has("*") && !origins.has(origin)) {
          throw forbidden(
            `WebSocket connections from the browser origin '${origin}' are refused; list it in cors_origins to allow it.`,
            "origin_not_allowed",
          );
        }
      },
      handler: async (_request, reply) => reply.callNotFound(),
      wsHandler: (socket, request) => {
        new ResponsesSocket(socket, request, deps, services, sockets).listen();
      },
    });
  }
}

/** How a turn ended, for its request-log entry. */
interface TurnOutcome {
  status: number;
  errorCode: string | null;
  clientClosed?: boolean;
}

/** One connection: its turns, one at a time, and the responses it can continue from. */
class ResponsesSocket {
  private readonly recent = new Map<string, StoredResponse>();
  private readonly closed = new AbortController();
  /** Aborted when shutdown_timeout_ms has passed while the gateway stops. */
  private readonly stop = stoppableSignal();
  private busy = false;
  private stopping = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly request: FastifyRequest,
    private readonly deps: AppDependencies,
    private readonly services: ResponsesServices,
    private readonly open: Set<ResponsesSocket>,
  ) {}

  listen(): void {
    this.open.add(this);
    this.socket.on("message", (data) => void this.receive(data));
    const pings = this.ping();
    this.socket.on("close", () => {
      clearInterval(pings);
      this.open.delete(this);
      this.stop.release();
      this.closed.abort(new ClientGoneError("the client closed the WebSocket"));
    });
  }

  /**
   * A ping every stream_keepalive_ms: proxies and NATs keep an idle connection (a user reading between
   * turns) open, and a client gone without a word (a laptop asleep, a dropped network) is found: after two
   * pings unanswered, the socket is ended and its turn, if one runs, stops.
   */
  private ping(): NodeJS.Timeout {
    let unanswered = 0;
    this.socket.on("pong", () => {
      unanswered = 0;
    });
    const timer = setInterval(() => {
      if (unanswered >= 2) {
        this.socket.terminate();
        return;
      }
      unanswered++;
      this.socket.ping();
    }, this.deps.config.stream_keepalive_ms);
    timer.unref();
    return timer;
  }

  /** The gateway stops: the socket closes now when no turn runs, else once its turn has ended. */
  closeWhenIdle(): void {
    this.stopping = true;
    if (!this.busy) this.socket.close(GOING_AWAY, "agate is stopping");
  }

  private async receive(data: RawData): Promise<void> {
    // Sent while the socket closes because the gateway stops: no turn starts.
    if (this.stopping && !this.busy) return;
    if (this.busy) {
      await this.sendError(responseInFlight());
      return;
    }
    this.busy = true;
    // Each turn is an entry of the request log, as the same POST would be (Observability.beginTurn).
    const turn = this.deps.observability?.room.beginTurn(this.request, this.deps.ids.requestId());
    let body: ResponsesRequest | undefined;
    try {
      const create = parseCreateMessage(textOf(data));
      body = create.body;
      const outcome = await this.turn(create, turn?.observation);
      turn?.end(outcome, body);
    } catch (error) {
      const sent = await this.sendError(error);
      if (error instanceof ClientGoneError)
        turn?.end({ status: 200, errorCode: null, clientClosed: true }, body);
      else turn?.end(sent, body);
    } finally {
      this.busy = false;
      if (this.stopping) this.socket.close(GOING_AWAY, "agate is stopping");
    }
  }

  /** One response; one that will be stored counts among the saves in flight, which are then grouped. */
  private async turn(
    create: CreateMessage,
    observation: RequestObservation | undefined,
  ): Promise<TurnOutcome> {
    if (create.body.store === false) return this.respond(create, observation);
    this.services.saves.enter();
    try {
      return await this.respond(create, observation);
    } finally {
      this.services.saves.leave();
    }
  }

  /** Prepared like POST /v1/responses, its events sent as they come. */
  private async respond(
    { body, generate }: CreateMessage,
    observation: RequestObservation | undefined,
  ): Promise<TurnOutcome> {
    const previousId = body.previous_response_id ?? undefined;
    const prepared = await prepareResponse({ ...body, stream: true }, this.environment(observation), {
      generate,
    }).catch((error: unknown) => {
      this.forget(previousId);
      throw error;
    });
    const failure = (error: unknown) => {
      // Logged on the socket's request, but told to the turn's observation only: the connection's own
      // entry (its 101) is no failure.
      const agateError = loggedStreamFailure(this.request, error, this.deps.config.body_limit_bytes);
      // A client that left is the entry's client_closed, not an error of the turn.
      if (!(error instanceof ClientGoneError)) observation?.failed(agateError.code);
      return agateError;
    };
    const events = responseEvents(prepared.events, prepared.context, failure, (finished) => {
      const record = prepared.record(finished);
      // Grouped with the saves of other connections and requests in flight (ResponseSaves).
      const saved = body.store !== false ? this.services.saves.save(record) : undefined;
      if (finished.state.status === "failed") {
        // Neither it nor the response it continued can be continued. Its own id too: a response whose save
        // failed comes back failed after it was remembered as it ended (responseEvents).
        this.forget(previousId);
        this.forget(record.id);
      } else this.remember(record, prepared.history);
      // The turn's own request line (Observability.beginTurn) says how it went; this one names its response.
      this.request.log.debug(
        { websocket: true, response: record.id, status: finished.state.status, account: record.accountId },
        "websocket turn",
      );
      return saved;
    });
    for await (const event of events) {
      observation?.sending();
      // The client left: closing the events closes the upstream call.
      if (!(await this.send(event))) return { status: 200, errorCode: null, clientClosed: true };
    }
    // A client that left while the upstream answered: its response was kept as it stood (incomplete).
    if (this.closed.signal.aborted) return { status: 200, errorCode: null, clientClosed: true };
    return { status: 200, errorCode: null };
  }

  private environment(observation: RequestObservation | undefined): ResponseEnvironment {
    const { deps, services, request } = this;
    const signal = AbortSignal.any([
      this.closed.signal,
      this.stop.signal,
      AbortSignal.timeout(deps.config.request_timeout_ms),
    ]);
    const sessionHeader = request.headers["session-id"] ?? request.headers["x-session-id"];
    return {
      now: deps.now,
      // A recent response holds its whole conversation (remember); the store's chain may end at one of them.
      findChain: (id, max) => {
        const recent = this.recent.get(id);
        return recent === undefined ? services.store.findChain(id, max) : [linkOf(recent)];
      },
      findItem: (id) => services.store.findItem(id),
      unseal: services.unseal,
      seal: services.seal,
      ...(typeof sessionHeader === "string" ? { sessionHeader } : {}),
      mapModel: (model) => {
        const upstream = deps.router.route(model).upstream;
        observation?.models(model, upstream);
        return upstream;
      },
      // One call a turn: its own trace is what the turn's entry reports (no headers to set on a socket).
      run: (generate) => observedExecute(deps, generate, { signal, observation, trace: { attempts: 0 } }),
      signatures: deps.signatures,
      log: request.log,
    };
  }

  /** Kept with its whole conversation, so a continuation never needs an evicted ancestor. */
  private remember(record: StoredResponse, history: readonly InputItem[]): void {
    const inputItems = [...(history as readonly Record<string, unknown>[]), ...record.inputItems];
    this.recent.set(record.id, { ...record, previousResponseId: null, inputItems });
    const oldest = this.recent.keys().next();
    if (this.recent.size > RECENT_RESPONSES && oldest.done !== true) this.recent.delete(oldest.value);
  }

  /** A failed continuation evicts the response it continued from (as OpenAI does). */
  private forget(id: string | undefined): void {
    if (id !== undefined) this.recent.delete(id);
  }

  /** The error frame for `error`, sent; its status and code, as the client got them (for the turn's entry). */
  private async sendError(error: unknown): Promise<TurnOutcome> {
    const agateError = toAgateError(error, { bodyLimit: this.deps.config.body_limit_bytes });
    const failure = failureLog(error, agateError);
    if (failure !== undefined) this.request.log[failure.level](failure.details, "websocket turn failed");
    await this.send(errorFrame(agateError));
    return { status: errorFrameStatus(agateError), errorCode: agateError.code };
  }

  /** false once the socket is no longer open. */
  private async send(message: ResponseEvent): Promise<boolean> {
    if (this.socket.readyState !== this.socket.OPEN) return false;
    const text = eventJson(message);
    if (this.socket.bufferedAmount < HIGH_WATER_BYTES) this.socket.send(text);
    else await new Promise<void>((resolve) => this.socket.send(text, () => resolve()));
    return true;
  }
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return (data instanceof ArrayBuffer ? Buffer.from(data) : data).toString("utf8");
}
