/**
 * How an API area declares what it serves: `route(endpoint, handler)`, with
 * the endpoint defined once in @ward/protocol. The handler receives the
 * request already authenticated, rate limited and validated, typed from the
 * definition, and returns the response body (200) or `reply(...)` for another
 * status or extra headers.
 *
 *   export const roomsApi: ApiArea = (deps) => [
 *     route(sendMessage, async (req) => ({ event_id: await deps.rooms.send(req.session, ...) })),
 *   ];
 */
import type { AnyEndpoint, BodyOf, ParamsOf, QueryOf, ResponseOf } from "@ward/protocol";
import type { AppDeps } from "../app.js";
import type { Services } from "../services/index.js";
import type { Logger } from "../log.js";
import type { Session } from "./auth.js";
import type { WardContext } from "./context.js";

/** Who is calling, as the endpoint's `auth` allows. */
export type SessionOf<E> = E extends { readonly auth: "required" } ? Session : E extends { readonly auth: "optional" } ? Session | undefined : undefined;

export type RouteRequest<E extends AnyEndpoint> = {
  /** Percent-decoded path parameters. */
  readonly params: ParamsOf<E>;
  readonly query: QueryOf<E>;
  readonly body: BodyOf<E>;
  readonly session: SessionOf<E>;
  /** The calling server, for `auth: "server"` (federation) endpoints. */
  readonly origin: E extends { readonly auth: "server" } ? string : undefined;
  readonly requestId: string;
  /** Client address (X-Forwarded-For only when WARD_TRUST_PROXY is set). */
  readonly ip: string;
  readonly log: Logger;
  /** Aborted when the client goes away or the server starts shutting down: long-polls end early on it. */
  readonly signal: AbortSignal;
};

const REPLY: unique symbol = Symbol("ward.reply");

export type Reply<T> = { readonly [REPLY]: true; readonly status: number; readonly body: T; readonly headers: Readonly<Record<string, string>> };

/** A response with a status other than 200, or extra headers. */
export function reply<T>(body: T, init: { status?: number; headers?: Record<string, string> } = {}): Reply<T> {
  return { [REPLY]: true, status: init.status ?? 200, body, headers: init.headers ?? {} };
}

export function isReply(value: unknown): value is Reply<unknown> {
  return typeof value === "object" && value !== null && REPLY in value;
}

/** Returned by a handler that wrote `ctx.status`/`ctx.body` itself (e.g. a streamed media download). */
export const HANDLED: unique symbol = Symbol("ward.handled");

export type Handler<E extends AnyEndpoint> = (
  req: RouteRequest<E>,
  ctx: WardContext,
) => Promise<ResponseOf<E> | Reply<ResponseOf<E>> | typeof HANDLED>;

export type RouteOptions = {
  /** Byte limit for this route's request body; defaults to WARD_JSON_BODY_LIMIT. */
  bodyLimit?: number;
  /** For binary-body endpoints: do not buffer, the handler reads `ctx.req` itself (large uploads); `req.body` is then undefined. */
  streamBody?: boolean;
};

export type RouteDef = {
  readonly endpoint: AnyEndpoint;
  readonly handler: Handler<AnyEndpoint>;
  readonly options: RouteOptions;
};

export function route<E extends AnyEndpoint>(endpoint: E, handler: Handler<E>, options: RouteOptions = {}): RouteDef {
  return { endpoint, handler: handler as unknown as Handler<AnyEndpoint>, options };
}

/** One file per API area exports one of these; app.ts lists them. */
export type ApiArea = (deps: AppDeps) => readonly RouteDef[];

/** An API area backed by services (most of them): app.ts lists these in SERVICE_AREAS. */
export type ServiceArea = (deps: AppDeps & { readonly services: Services }) => readonly RouteDef[];
