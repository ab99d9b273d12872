/**
 * The one error type handlers and services throw for a client-visible
 * failure. The error middleware turns it into `{errcode, error, ...extra}`
 * with `status`; anything else becomes 500 M_UNKNOWN without detail.
 */

export type MatrixErrorExtra = Record<string, unknown>;

export class MatrixError extends Error {
  override readonly name = "MatrixError";
  constructor(
    readonly status: number,
    readonly errcode: string,
    message: string,
    readonly extra: MatrixErrorExtra = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toJSON(): Record<string, unknown> {
    return { ...this.extra, errcode: this.errcode, error: this.message };
  }
}

export const forbidden = (message: string) => new MatrixError(403, "M_FORBIDDEN", message);
export const notFound = (message: string) => new MatrixError(404, "M_NOT_FOUND", message);
/**
 * A room that does not exist, and one the requester may not know exists (a
 * private channel or direct conversation they never had a membership in):
 * the one answer for both, on every endpoint, so neither can be told apart.
 * Who may know a room: services/messenger/visibility.ts (roomKnownTo).
 */
export const roomNotFound = () => notFound("Room not found");
/** A room the requester may know exists, but is not in (or may not read). */
export const notInRoom = () => forbidden("You are not in this room");
export const badJson = (message: string) => new MatrixError(400, "M_BAD_JSON", message);
export const notJson = (message: string) => new MatrixError(400, "M_NOT_JSON", message);
export const invalidParam = (message: string) => new MatrixError(400, "M_INVALID_PARAM", message);
export const missingParam = (message: string) => new MatrixError(400, "M_MISSING_PARAM", message);
export const unknownToken = (message: string, softLogout = false) =>
  new MatrixError(401, "M_UNKNOWN_TOKEN", message, { soft_logout: softLogout });
export const missingToken = () => new MatrixError(401, "M_MISSING_TOKEN", "Missing access token");
export const tooLarge = (message: string) => new MatrixError(413, "M_TOO_LARGE", message);
export const unrecognized = (message = "Unrecognized request") => new MatrixError(404, "M_UNRECOGNIZED", message);
export const limitExceeded = (retryAfterMs: number) =>
  new MatrixError(429, "M_LIMIT_EXCEEDED", "Too many requests", { retry_after_ms: retryAfterMs }, {
    "Retry-After": String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
  });
export const methodNotAllowed = (allowed: readonly string[]) =>
  new MatrixError(405, "M_UNRECOGNIZED", "Method not allowed for this endpoint", {}, { Allow: allowed.join(", ") });
export const unknownError = (message = "Internal server error") => new MatrixError(500, "M_UNKNOWN", message);
