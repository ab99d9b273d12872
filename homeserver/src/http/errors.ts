/**
 * The error mapper: every failure leaves as a spec-shaped JSON error
 * (`{errcode, error, ...}`) with the right status, so clients can rely on
 * `errcode`. Known kinds keep their code; anything else is a bug or an
 * outage, answered with a generic 500 M_UNKNOWN (the detail stays in the log,
 * under the request id, never in the response).
 */
import type { WardContext, WardMiddleware } from "./context.js";
import { MatrixError } from "./matrix-error.js";

/** The shape of @ward/protocol's EndpointValidationError, matched by shape so two copies of the library still agree. */
type ValidationErrorLike = Error & { errcode: string };

function isValidationError(err: unknown): err is ValidationErrorLike {
  return err instanceof Error && err.name === "EndpointValidationError" && typeof (err as { errcode?: unknown }).errcode === "string";
}

export function toMatrixError(err: unknown): MatrixError | undefined {
  if (err instanceof MatrixError) return err;
  if (isValidationError(err)) return new MatrixError(400, err.errcode, err.message);
  return undefined;
}

export function errorMapper(): WardMiddleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      const known = toMatrixError(err);
      if (known) {
        if (known.status >= 500) ctx.state.log.error({ err }, "request failed");
        writeError(ctx, known);
        return;
      }
      ctx.state.log.error({ err }, "unhandled error");
      writeError(ctx, new MatrixError(500, "M_UNKNOWN", "Internal server error"));
    }
  };
}

export function writeError(ctx: WardContext, error: MatrixError): void {
  // A handler may have set media headers before failing; the error is JSON.
  ctx.remove("Content-Disposition");
  ctx.status = error.status;
  ctx.set(error.headers);
  ctx.type = "application/json";
  ctx.body = JSON.stringify(error.toJSON());
}
