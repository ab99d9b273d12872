/**
 * CORS as the Client-Server spec recommends ("Web Browser Clients"): the same
 * headers on every response, errors included, and an OPTIONS preflight
 * answered for any path without running any endpoint logic. Allowing every
 * origin is safe because credentials travel in the Authorization header,
 * never in cookies.
 */
import type { WardMiddleware } from "./context.js";

export const CORS_HEADERS: Readonly<Record<string, string>> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, OPTIONS",
  "Access-Control-Allow-Headers": "X-Requested-With, Content-Type, Authorization",
  // Lets browser clients read the back-off hint on 429 and quote the request id in bug reports.
  "Access-Control-Expose-Headers": "Retry-After, X-Request-Id",
};

export function cors(): WardMiddleware {
  return async (ctx, next) => {
    ctx.set(CORS_HEADERS);
    if (ctx.method === "OPTIONS") {
      ctx.status = 204;
      return;
    }
    await next();
  };
}
