/**
 * The bridge from endpoint definitions to Koa. For a matched route, in order:
 * body (JSON, or raw bytes for a binary endpoint) → auth → rate limit →
 * query and body validation → handler → JSON response. Reading the body
 * only after matching means an unknown path answers 404 whatever it carries.
 */
import getRawBody from "raw-body";
import { validateBody, validateQuery, type AnyEndpoint } from "@ward/protocol";
import type { Config } from "../config.js";
import { countsAsActivity } from "./activity.js";
import { authenticate, type ServerAuthVerifier, type Session, type SessionResolver } from "./auth.js";
import { readJsonBody } from "./body.js";
import type { WardContext, WardMiddleware } from "./context.js";
import { MatrixError, tooLarge } from "./matrix-error.js";
import { enforceRateLimit, type RateLimiter } from "./rate-limit.js";
import { HANDLED, isReply, type RouteDef, type RouteRequest } from "./route.js";
import type { RouteTable } from "./route-table.js";

export type RouterDeps = {
  config: Pick<Config, "jsonBodyLimit">;
  sessionResolver: SessionResolver;
  rateLimiter: RateLimiter | undefined;
  serverAuth?: ServerAuthVerifier | undefined;
  /** Aborted when the server starts draining. */
  shutdownSignal: AbortSignal;
};

export function router(table: RouteTable, deps: RouterDeps): WardMiddleware {
  return async (ctx, next) => {
    const found = table.match(ctx.method, ctx.path);
    if (!found) return next();
    const { route, params } = found;
    ctx.state.route = route.endpoint.id;
    await readBody(ctx, route, deps.config.jsonBodyLimit);
    const { session, origin } = await authorize(ctx, route.endpoint, deps);
    if (route.endpoint.rateLimited) enforceRateLimit(ctx, deps.rateLimiter);
    const query = validateQuery(route.endpoint, ctx.query);
    // A streamed upload has not been read yet; its handler takes the bytes from ctx.req.
    const body = route.options.streamBody ? (undefined as never) : validateBody(route.endpoint, ctx.state.body);
    const signal = lazySignal(ctx, deps.shutdownSignal);
    const req: RouteRequest<AnyEndpoint> = {
      params: params as RouteRequest<AnyEndpoint>["params"],
      query,
      body,
      session: session as RouteRequest<AnyEndpoint>["session"],
      origin: origin as RouteRequest<AnyEndpoint>["origin"],
      requestId: ctx.state.requestId,
      ip: ctx.ip,
      log: ctx.state.log,
      get signal() {
        return signal();
      },
    };
    const result = await route.handler(req, ctx);
    if (result !== HANDLED) writeResponse(ctx, result);
  };
}

async function readBody(ctx: WardContext, route: RouteDef, defaultLimit: number): Promise<void> {
  const limit = route.options.bodyLimit ?? defaultLimit;
  if (!route.endpoint.binaryBody) return readJsonBody(ctx, limit);
  if (route.options.streamBody) return;
  try {
    const length = ctx.get("Content-Length");
    ctx.state.body = new Uint8Array(await getRawBody(ctx.req, { limit, ...(length ? { length } : {}) }));
  } catch (err) {
    if ((err as { type?: unknown }).type !== "entity.too.large") throw err;
    ctx.set("Connection", "close");
    throw tooLarge(`Request body is larger than ${limit} bytes`);
  }
}

async function authorize(ctx: WardContext, endpoint: AnyEndpoint, deps: RouterDeps): Promise<{ session?: Session; origin?: string }> {
  switch (endpoint.auth) {
    case "none":
      return {};
    case "optional":
    case "required":
      return { session: await authenticate(ctx, endpoint.auth, deps.sessionResolver, { activity: countsAsActivity(endpoint) }) };
    case "server":
      if (!deps.serverAuth) throw new MatrixError(403, "M_FORBIDDEN", "Federation is not enabled on this server");
      return { origin: await deps.serverAuth.verify(ctx) };
    default:
      throw new Error(`endpoint ${endpoint.id} has unknown auth ${String(endpoint.auth)}`);
  }
}

/**
 * Aborts when the server drains or the client disconnects before its answer
 * is written. Built on first use (only long-polls need it) and detached from
 * the server-wide signal when the response closes, so finished requests leave
 * no listener behind.
 */
function lazySignal(ctx: WardContext, shutdown: AbortSignal): () => AbortSignal {
  let signal: AbortSignal | undefined;
  return () => {
    if (signal) return signal;
    const controller = new AbortController();
    signal = controller.signal;
    if (shutdown.aborted) controller.abort(shutdown.reason);
    const onShutdown = () => controller.abort(shutdown.reason);
    shutdown.addEventListener("abort", onShutdown, { once: true });
    ctx.res.once("close", () => {
      shutdown.removeEventListener("abort", onShutdown);
      if (!ctx.res.writableFinished) controller.abort(new Error("client disconnected"));
    });
    return signal;
  };
}

function writeResponse(ctx: WardContext, result: unknown): void {
  const { status, body, headers } = isReply(result) ? result : { status: 200, body: result, headers: {} };
  ctx.status = status;
  ctx.set(headers);
  if (body instanceof Uint8Array) {
    if (!ctx.response.get("Content-Type")) ctx.type = "application/octet-stream";
    ctx.body = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    return;
  }
  // Every Matrix JSON response is an object; a handler with nothing to say answers {}.
  ctx.type = "application/json";
  ctx.body = JSON.stringify(body ?? {});
}
