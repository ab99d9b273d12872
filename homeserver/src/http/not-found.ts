/**
 * The end of the chain: nothing answered. A path some endpoint serves under
 * another method is 405 (with Allow); anything else is 404. Both are
 * M_UNRECOGNIZED, as the spec asks of unknown and wrongly-called endpoints.
 */
import type { WardMiddleware } from "./context.js";
import { methodNotAllowed, unrecognized } from "./matrix-error.js";
import type { RouteTable } from "./route-table.js";

export function notFound(table: RouteTable): WardMiddleware {
  return async (ctx) => {
    const allowed = table.allowedMethods(ctx.path);
    if (allowed.length > 0) throw methodNotAllowed([...allowed, "OPTIONS"]);
    throw unrecognized();
  };
}
