/**
 * The HTTP side of the audit trail (services/audit):
 *   - every request runs in an audit scope, so services writing audit rows
 *     in their transactions know the caller, device, address and endpoint;
 *   - every 401/403 answered on a matched endpoint is recorded ('denied', or
 *     'login_failed' for POST /login), with the endpoint id and errcode,
 *     through the batching writer, before the response leaves. A UIA
 *     challenge (401 with flows and no errcode) is a protocol step, not a
 *     denial. So is the 404 "Room not found" (http/matrix-error.ts
 *     roomNotFound): to the client a room hidden from it does not exist,
 *     but the trail keeps the refusal (and the probe of an unknown room),
 *     as when both answered 403.
 * If the denial cannot be recorded, the client gets 500 instead.
 *
 * Sits outside the error mapper, so it sees the final status of every error.
 */
import type { AuditService } from "../services/audit/index.js";
import { runInAuditScope } from "../services/audit/scope.js";
import type { WardContext, WardMiddleware } from "./context.js";
import { writeError } from "./errors.js";
import { roomNotFound, unknownError } from "./matrix-error.js";

const LOGIN_ENDPOINT = "client.login";
const DENIED = new Set([401, 403]);
const LOGIN_REFUSED = new Set([401, 403, 429]);

const ROOM_NOT_FOUND = roomNotFound();

function errorOf(ctx: WardContext): { errcode: string | null; error: unknown } {
  if (typeof ctx.body !== "string") return { errcode: null, error: undefined };
  try {
    const body = JSON.parse(ctx.body) as { errcode?: unknown; error?: unknown };
    return { errcode: typeof body.errcode === "string" ? body.errcode : null, error: body.error };
  } catch {
    return { errcode: null, error: undefined };
  }
}

function isRoomNotFound(status: number, body: { errcode: string | null; error: unknown }): boolean {
  return status === ROOM_NOT_FOUND.status && body.errcode === ROOM_NOT_FOUND.errcode && body.error === ROOM_NOT_FOUND.message;
}

export function auditTrail(audit: Pick<AuditService, "record">): WardMiddleware {
  return (ctx, next) => {
    const scope = () => ({
      actor: ctx.state.session?.userId ?? null,
      deviceId: ctx.state.session?.deviceId ?? null,
      address: ctx.ip || null,
      endpoint: ctx.state.route ?? null,
    });
    return runInAuditScope(scope, async () => {
      await next();
      const endpoint = ctx.state.route;
      if (endpoint === undefined) return;
      const login = endpoint === LOGIN_ENDPOINT;
      const body = errorOf(ctx);
      if (!(login ? LOGIN_REFUSED : DENIED).has(ctx.status) && !isRoomNotFound(ctx.status, body)) return;
      const { errcode } = body;
      if (errcode === null && ctx.status === 401) return;
      try {
        await audit.record([{ action: login ? "login_failed" : "denied", outcome: login ? "failed" : "denied", errcode }]);
      } catch (err) {
        ctx.state.log.error({ err }, "could not record a denial in the audit trail");
        writeError(ctx, unknownError());
      }
    });
  };
}
