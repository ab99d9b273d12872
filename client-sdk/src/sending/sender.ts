/**
 * Sends room events one after another per room (so they land in the order the
 * app sent them), retrying what may succeed later (no answer, 5xx, 429) under
 * the same transaction ID, and failing at once on anything else (not a member
 * any more, too large...).
 */
import type { JsonObject } from "@ward/protocol";
import { clientMessages } from "@ward/protocol/endpoints";
import { retryDelayMs, sleep, type BackoffOptions } from "../backoff.js";
import { isRetryable } from "../errors.js";
import type { HttpClient } from "../http.js";
import { PendingEvent } from "./pending-event.js";
import { newTxnId } from "./txn.js";

export type SendOptions = {
  /** Attempts before a send counts as failed (default 5). */
  maxAttempts?: number;
  backoff?: BackoffOptions;
};

export class Sender {
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly http: HttpClient,
    private readonly options: SendOptions,
    private readonly signal: AbortSignal,
    private readonly onStatus: (pending: PendingEvent) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** A local echo for a new event; `start` sends it (the caller lists it first, so listeners find it). */
  create(roomId: string, type: string, content: JsonObject, txnId: string = newTxnId()): PendingEvent {
    return new PendingEvent(roomId, type, content, txnId, this.now(), (p) => this.enqueue(p));
  }

  start(pending: PendingEvent): void {
    this.enqueue(pending);
  }

  private enqueue(pending: PendingEvent): void {
    this.onStatus(pending);
    const previous = this.queues.get(pending.roomId) ?? Promise.resolve();
    const next = previous.then(() => this.attempt(pending));
    this.queues.set(pending.roomId, next);
    // Forget an idle room's queue, so rooms once written to do not pile up.
    void next.then(() => {
      if (this.queues.get(pending.roomId) === next) this.queues.delete(pending.roomId);
    });
  }

  /** Never rejects: the outcome goes into `pending`. */
  private async attempt(pending: PendingEvent): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    for (let failures = 0; ; ) {
      try {
        const params = { roomId: pending.roomId, eventType: pending.type, txnId: pending.txnId };
        const { event_id } = await this.http.call(clientMessages.send, { params, body: pending.content }, { signal: this.signal });
        if (pending.markSent(event_id)) this.onStatus(pending);
        return;
      } catch (error) {
        failures++;
        if (!isRetryable(error) || failures >= maxAttempts || this.signal.aborted) return this.fail(pending, error);
        try {
          await sleep(retryDelayMs(failures, error, this.options.backoff), this.signal);
        } catch (aborted) {
          return this.fail(pending, aborted);
        }
      }
    }
  }

  private fail(pending: PendingEvent, error: unknown): void {
    if (pending.status === "sent") return; // its remote echo arrived meanwhile
    pending.markFailed(error);
    this.onStatus(pending);
  }
}
