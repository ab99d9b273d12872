/**
 * The /sync long-poll loop. One request at a time: ask for what happened since
 * the stored token, hand the answer to `apply`, then store its `next_batch`.
 *
 *   - No answer, or a 5xx: wait (doubling, up to the backoff's maximum) and
 *     ask again with the same token: nothing is lost and nothing repeated.
 *   - 429: wait exactly `retry_after_ms`.
 *   - 401 M_UNKNOWN_TOKEN (soft logout and idle timeout included): the loop
 *     ends; the client has already announced `sessionEnded` (HttpClient
 *     reports it for every call).
 *   - Any other error (a token the server refuses, a bug while handling an
 *     answer): the loop ends and says why.
 *   - `stop()` aborts the request in flight and any wait, at once.
 */
import { clientSync } from "@ward/protocol/endpoints";
import { retryDelayMs, sleep, type BackoffOptions } from "../backoff.js";
import { isRetryable, WardAbortError, WardApiError } from "../errors.js";
import type { HttpClient } from "../http.js";
import type { SyncStore } from "../store.js";

export type SyncState = "starting" | "syncing" | "reconnecting" | "stopped";

export type SyncLoopOptions = {
  /** How long the server may hold a request (default 30 000 ms; Ward caps it at 30 s). */
  pollTimeoutMs?: number;
  /** Extra time before a silent request counts as lost (default 20 000 ms). */
  requestSlackMs?: number;
  /** A filter ID or a filter as JSON text. */
  filter?: string;
  backoff?: BackoffOptions;
};

export type SyncLoopHooks = {
  /** Handles one answer; `since` is undefined for an initial sync. The first answer after resuming from a stored token has full state. */
  apply(response: clientSync.SyncResponse, since: string | undefined, signal: AbortSignal): Promise<void>;
  onState(state: SyncState): void;
  /** A failed request; `retryInMs` undefined means the loop has given up. */
  onError(error: unknown, retryInMs: number | undefined): void;
};

export class SyncLoop {
  private controller: AbortController | undefined;
  private done: Promise<void> | undefined;
  private state: SyncState = "stopped";

  constructor(
    private readonly http: HttpClient,
    private readonly store: SyncStore,
    private readonly options: SyncLoopOptions,
    private readonly hooks: SyncLoopHooks,
  ) {}

  get running(): boolean {
    return this.controller !== undefined;
  }

  /** stop() was called and the loop has not ended yet. */
  get stopping(): boolean {
    return this.controller?.signal.aborted === true;
  }

  get currentState(): SyncState {
    return this.state;
  }

  /** Starts the loop; the promise settles when it ends (stop, session ended, or a fatal error). */
  start(): Promise<void> {
    if (this.done && this.stopping) return this.done.then(() => this.start()); // a stop is under way: start after it
    if (this.done) return this.done;
    const controller = (this.controller = new AbortController());
    this.done = this.run(controller.signal).finally(() => {
      this.controller = undefined;
      this.done = undefined;
      this.setState("stopped");
    });
    return this.done;
  }

  async stop(): Promise<void> {
    const done = this.done;
    this.controller?.abort();
    await done;
  }

  private async run(signal: AbortSignal): Promise<void> {
    this.setState("starting");
    const pollMs = this.options.pollTimeoutMs ?? 30_000;
    let failures = 0;
    let since = await this.store.getSyncToken();
    // Resuming from a stored token, the client knows no room yet: the first answer brings all their state.
    let fullState = since !== undefined;
    while (!signal.aborted) {
      try {
        const query = { since, timeout: since === undefined || fullState ? 0 : pollMs, filter: this.options.filter, ...(fullState ? { full_state: true } : {}) };
        const response = await this.http.call(clientSync.sync, { query }, { signal, timeoutMs: pollMs + (this.options.requestSlackMs ?? 20_000) });
        // A failure while handling (filling a gap) is retried like a failed request: the token is not stored yet.
        await this.hooks.apply(response, since, signal);
        await this.store.setSyncToken(response.next_batch);
        since = response.next_batch;
        fullState = false;
        failures = 0;
        this.setState("syncing");
      } catch (error) {
        if (error instanceof WardAbortError || signal.aborted) return;
        if (error instanceof WardApiError && error.isSessionEnded) return;
        if (!isRetryable(error)) {
          this.hooks.onError(error, undefined);
          return;
        }
        failures++;
        const wait = retryDelayMs(failures, error, this.options.backoff);
        this.hooks.onError(error, wait);
        this.setState("reconnecting");
        try {
          await sleep(wait, signal);
        } catch {
          return;
        }
      }
    }
  }

  private setState(state: SyncState): void {
    if (state === this.state) return;
    this.state = state;
    this.hooks.onState(state);
  }
}
