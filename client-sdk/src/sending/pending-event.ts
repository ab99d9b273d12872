/**
 * The local echo of a message being sent: the app shows it at once, greyed
 * out, then sees it confirmed (the server's event ID) or failed (with the
 * error, and `retry()` to try again under the same transaction ID).
 *
 * The client emits "localEcho" on every status change, and "remoteEcho" when
 * the event itself arrives through /sync and takes the pending one's place.
 */
import type { JsonObject } from "@ward/protocol";

export type PendingStatus = "sending" | "sent" | "failed";

export class PendingEvent {
  private statusValue: PendingStatus = "sending";
  private eventIdValue: string | undefined;
  private errorValue: unknown;
  private waiters: Array<{ resolve: (id: string) => void; reject: (e: unknown) => void }> = [];

  constructor(
    readonly roomId: string,
    readonly type: string,
    readonly content: JsonObject,
    readonly txnId: string,
    /** Local time of the first attempt, to order and show it before the server's timestamp exists. */
    readonly createdAt: number,
    private readonly resend: (pending: PendingEvent) => void,
  ) {}

  get status(): PendingStatus {
    return this.statusValue;
  }

  /** The server's event ID, once `status` is "sent". */
  get eventId(): string | undefined {
    return this.eventIdValue;
  }

  /** Why it failed, when `status` is "failed" (usually a WardApiError). */
  get error(): unknown {
    return this.errorValue;
  }

  /** Resolves with the event ID once sent; rejects with the error if it fails. */
  confirmed(): Promise<string> {
    if (this.statusValue === "sent") return Promise.resolve(this.eventIdValue!);
    if (this.statusValue === "failed") return Promise.reject(this.errorValue);
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** Sends a failed event again, with the same transaction ID (so at most one copy ever exists). */
  retry(): void {
    if (this.statusValue !== "failed") return;
    this.statusValue = "sending";
    this.errorValue = undefined;
    this.resend(this);
  }

  /** @internal */
  markSent(eventId: string): boolean {
    if (this.statusValue === "sent") return false;
    this.statusValue = "sent";
    this.eventIdValue = eventId;
    for (const w of this.waiters.splice(0)) w.resolve(eventId);
    return true;
  }

  /** @internal */
  markFailed(error: unknown): void {
    if (this.statusValue === "sent") return;
    this.statusValue = "failed";
    this.errorValue = error;
    for (const w of this.waiters.splice(0)) w.reject(error);
  }
}
