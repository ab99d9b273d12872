/**
 * Graceful shutdown. On SIGTERM the server stops taking requests, ends its
 * /sync long-polls early so they answer at once (aborting `signal`, and the
 * hooks, e.g. the notifier's shutdown), waits for the requests in flight up
 * to a bound, and only then closes connections, store and bus.
 *
 * Requests are counted until their response is fully written (the response's
 * "close" event), not until the handler returns, so no answer is cut off.
 */
import type { WardMiddleware } from "./context.js";
import { MatrixError } from "./matrix-error.js";

export class Lifecycle {
  private inFlight = 0;
  private readonly controller = new AbortController();
  private readonly hooks: Array<() => void> = [];
  private idle: Array<() => void> = [];

  /** Aborted when draining starts: long-polls pass it to their waits. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get draining(): boolean {
    return this.controller.signal.aborted;
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** Runs when draining starts; for services holding waits (the sync notifier). */
  onDrain(hook: () => void): void {
    this.hooks.push(hook);
  }

  beginDrain(): void {
    if (this.draining) return;
    this.controller.abort(new Error("server is shutting down"));
    for (const hook of this.hooks) hook();
  }

  /** Resolves true when no request is in flight, false if `timeoutMs` passed first. */
  waitIdle(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.idle = this.idle.filter((f) => f !== done);
        resolve(false);
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.idle.push(done);
    });
  }

  middleware(): WardMiddleware {
    return async (ctx, next) => {
      if (this.draining) {
        ctx.set("Connection", "close");
        throw new MatrixError(503, "M_UNKNOWN", "Server is shutting down", {}, { "Retry-After": "5" });
      }
      this.inFlight++;
      ctx.res.once("close", () => this.finished());
      try {
        await next();
      } finally {
        // Tell keep-alive clients not to send another request on this connection.
        if (this.draining) ctx.set("Connection", "close");
      }
    };
  }

  private finished(): void {
    this.inFlight--;
    if (this.inFlight === 0) {
      const waiting = this.idle;
      this.idle = [];
      for (const f of waiting) f();
    }
  }
}
