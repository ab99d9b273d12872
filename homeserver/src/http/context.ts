/**
 * What the middleware chain leaves on `ctx.state` for the ones after it.
 * Handlers get these through the typed request the router builds, not by
 * reading ctx.state themselves.
 */
import type { ParameterizedContext, Next } from "koa";
import type { Logger } from "../log.js";
import type { Session } from "./auth.js";

export type WardState = {
  /** Set by request-id.ts, first in the chain. */
  requestId: string;
  /** Child logger carrying the request id. */
  log: Logger;
  /** The matched endpoint's id, for the access log (never the raw path: it can hold room aliases or file names). */
  route?: string;
  /** Set by auth.ts when a valid token came with the request. */
  session?: Session;
  /** Set by body.ts: the parsed JSON object, `{}` for an empty POST/PUT body. */
  body?: unknown;
};

export type WardContext = ParameterizedContext<WardState>;
export type WardMiddleware = (ctx: WardContext, next: Next) => Promise<void>;
