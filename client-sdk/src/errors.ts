/**
 * The two ways a request fails: the server answered with an error
 * (`WardApiError`, carrying the Matrix errcode), or no answer came at all
 * (`WardConnectionError`: network down, server restarting, request timed out).
 * Retrying code tells them apart with `isRetryable`.
 */

/** The JSON body of a Matrix error response. */
export type MatrixErrorBody = {
  errcode?: string;
  error?: string;
  retry_after_ms?: number;
  soft_logout?: boolean;
  [field: string]: unknown;
};

export class WardApiError extends Error {
  override readonly name = "WardApiError";
  /** The Matrix error code, e.g. "M_FORBIDDEN"; "M_UNKNOWN" when the body had none (a proxy's error page). */
  readonly errcode: string;
  /** When to try again, from `retry_after_ms` or the Retry-After header (429 answers). */
  readonly retryAfterMs: number | undefined;
  /** True when the session ended by idle timeout: log in again as the same device. */
  readonly softLogout: boolean;

  constructor(
    /** HTTP status of the answer. */
    readonly status: number,
    /** The whole error body, for the extra fields some errors carry. */
    readonly body: MatrixErrorBody,
    /** The endpoint's id ("client.rooms.send"), never the path: paths carry room and user IDs. */
    readonly endpointId: string,
    retryAfterHeaderMs?: number,
  ) {
    super(body.error ?? `HTTP ${status}`);
    this.errcode = typeof body.errcode === "string" ? body.errcode : "M_UNKNOWN";
    this.retryAfterMs = typeof body.retry_after_ms === "number" ? body.retry_after_ms : retryAfterHeaderMs;
    this.softLogout = body.soft_logout === true;
  }

  /** The access token no longer works (logged out, device deleted, idle timeout). */
  get isSessionEnded(): boolean {
    return this.status === 401 && (this.errcode === "M_UNKNOWN_TOKEN" || this.errcode === "M_MISSING_TOKEN");
  }
}

export class WardConnectionError extends Error {
  override readonly name = "WardConnectionError";
  constructor(
    message: string,
    readonly endpointId: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** Thrown by calls cut short by `stop()`, `logout()` or the caller's AbortSignal. */
export class WardAbortError extends Error {
  override readonly name = "WardAbortError";
}

/**
 * A file over the server's upload limit (`m.upload.size`), refused by the SDK
 * before anything was sent. `errcode` is the one the server would answer
 * with, so an app handles both the same way.
 */
export class MediaTooLargeError extends Error {
  override readonly name = "MediaTooLargeError";
  readonly errcode = "M_TOO_LARGE";
  constructor(
    /** The file's size in bytes. */
    readonly size: number,
    /** The server's limit in bytes. */
    readonly maxSize: number,
  ) {
    super(`The file is ${size} bytes; the server accepts at most ${maxSize}`);
  }
}

/** Worth trying again later: no answer, a 5xx, or a 429. Anything else will fail the same way again. */
export function isRetryable(err: unknown): boolean {
  if (err instanceof WardConnectionError) return true;
  return err instanceof WardApiError && (err.status === 429 || err.status >= 500);
}
