/**
 * One line per request: method, endpoint id (not the raw path, which can
 * carry room aliases, state keys or file names, nor the query string, which
 * old clients fill with access tokens), status, duration and user.
 */
import type { WardMiddleware } from "./context.js";

export function accessLog(): WardMiddleware {
  return async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      ctx.state.log.info(
        {
          method: ctx.method,
          route: ctx.state.route ?? "unmatched",
          status: ctx.status,
          ms: Math.round(performance.now() - started),
          ...(ctx.state.session ? { user: ctx.state.session.userId } : {}),
        },
        "request",
      );
    }
  };
}
