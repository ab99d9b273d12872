/**
 * Every request gets an id, echoed in `X-Request-Id` and bound to its logger,
 * so a client's bug report ties to the server's log lines. An id sent by a
 * trusted front proxy is kept when it is short and plain (it goes into logs,
 * so nothing that could forge a log line is accepted); otherwise a fresh one
 * is made.
 */
import { randomBytes } from "node:crypto";
import type { Logger } from "../log.js";
import type { WardMiddleware } from "./context.js";

const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function newRequestId(): string {
  return randomBytes(9).toString("base64url");
}

export function requestId(logger: Logger): WardMiddleware {
  return async (ctx, next) => {
    const given = ctx.get("X-Request-Id");
    const id = ACCEPTABLE_ID.test(given) ? given : newRequestId();
    ctx.state.requestId = id;
    ctx.state.log = logger.child({ reqId: id });
    ctx.set("X-Request-Id", id);
    await next();
  };
}
