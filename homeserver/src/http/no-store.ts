/**
 * API responses carry PHI; no browser, proxy or CDN may keep a copy
 * (HIPAA: nothing stored on client devices).
 */
import type { WardMiddleware } from "./context.js";

export function noStore(): WardMiddleware {
  return async (ctx, next) => {
    ctx.set("Cache-Control", "no-store");
    await next();
  };
}
