/**
 * The HTTP side of the audit trail (services/audit):
 *   - every request runs in an audit scope, so services writing audit rows
 *     in their transactions know the caller, device, address and endpoint;
 *   - every 401/403 answered on a matched endpoint is recorded ('denied', or
 *     'login_failed' for POST /login), with the endpoint id and errcode,
 *     through the batching writer, before the response leaves. A UIA
 *     challenge (401 with flows and no errcode) is a protocol step, not a
 *     denial.
 * If the denial cannot be recorded, the client gets 500 instead.
 *
 * Sits outside the error mapper, so it sees the final status of every error.
 */
import type { AuditService } from "../services/audit/index.js";
import { runInAuditScope } from "../services/audit/scope.js";
import type { WardContext, WardMiddleware } from "./context.js";
import { writeError } from "./errors.js";
import { unknownError } from "./matrix-error.js";

const LOGIN_ENDPOINT = "client.login";
const DENIED = new Set([401, 403]);
const LOGIN_REFUSED = new Set([401, 403, 429]);

function errcodeOf(ctx: WardContext): string | null {
  if (typeof ctx.body !== "string") return null;
  try {
    const body = JSON.parse(ctx.body) as { errcode?: unknown };
    return typeof body.errcode === "string" ? body.errcode : null;
  } catch {
    return null;
  }
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
      if (!(login ? LOGIN_REFUSED : DENIED).has(ctx.status)) return;
      const errcode = errcodeOf(ctx);
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
