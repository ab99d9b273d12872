/**
 * Headers every response carries, errors, 404s and CORS preflights
 * included (so this runs first in the chain):
 *
 *   Cache-Control: no-store      API responses carry PHI; no browser, proxy
 *                                or CDN may keep a copy (nothing is stored
 *                                on client devices).
 *   X-Content-Type-Options       no MIME sniffing: a JSON body or a download
 *                                is never run as a script or page.
 *   Referrer-Policy: no-referrer no URL (room IDs, aliases) leaks to others.
 *   Content-Security-Policy      an API response is no page: it may load
 *                                nothing and be framed by nobody. The web
 *                                client, when served, sets its own policy.
 *   X-Frame-Options: DENY        the same for browsers without CSP level 2.
 *   Strict-Transport-Security    only when Ward itself serves TLS: browsers
 *                                then never try plain HTTP for a year.
 */
import type { WardMiddleware } from "./context.js";

export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";
export const HSTS = "max-age=31536000";

export function securityHeaders(options: { tls: boolean }): WardMiddleware {
  const headers: Record<string, string> = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": API_CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    ...(options.tls ? { "Strict-Transport-Security": HSTS } : {}),
  };
  return async (ctx, next) => {
    ctx.set(headers);
    await next();
  };
}
