/**
 * How long to wait before trying again, and a wait that `stop()` can cut short.
 */
import { WardAbortError, WardApiError } from "./errors.js";

export type BackoffOptions = {
  /** The first wait after a failure (default 1 s). */
  initialMs?: number;
  /** The longest wait (default 30 s). */
  maxMs?: number;
};

/**
 * The wait before attempt `failures + 1`: doubling from `initialMs` up to
 * `maxMs`, with up to a quarter taken off at random so many clients cut off
 * together do not all come back at the same instant. A 429's `retryAfterMs`
 * wins: the server said when.
 */
export function retryDelayMs(failures: number, error: unknown, options: BackoffOptions = {}, random: () => number = Math.random): number {
  if (error instanceof WardApiError && error.status === 429 && error.retryAfterMs !== undefined) return Math.max(0, error.retryAfterMs);
  const initial = options.initialMs ?? 1_000;
  const max = options.maxMs ?? 30_000;
  const full = Math.min(max, initial * 2 ** Math.max(0, failures - 1));
  return Math.round(full * (1 - random() / 4));
}

/** Resolves after `ms`, or rejects with WardAbortError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new WardAbortError("stopped"));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new WardAbortError("stopped"));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
