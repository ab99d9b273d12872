/**
 * A client waiting for messages: an initial /sync for a token, then one
 * long-poll after another (messages only), as a real client does. Each
 * message the run sends has the body `<tag> <k>`; the reader stamps when
 * message k reached it (when the response carrying it had been read) and
 * stops polling once it has all `expected` messages.
 */
import { MESSAGES_ONLY_FILTER, sync, timelineMessages, type BenchUser } from "./client.js";
import { now } from "./stats.js";

const LONG_POLL_MS = 30_000;

export class Reader {
  /** Message k → when it arrived. */
  readonly arrivals = new Map<number, number>();
  duplicates = 0;
  /** Long-polls that came back with nothing of this run's (woken by something else, or timed out). */
  emptyPolls = 0;
  private since = "";
  private readonly abort = new AbortController();
  private waiters: Array<() => void> = [];
  private loop: Promise<void> | undefined;
  private failed: Error | undefined;

  constructor(
    readonly user: BenchUser,
    private readonly tag: string,
    private readonly expected: number,
  ) {}

  /** Takes a sync token (not timed), then starts polling in the background. */
  async start(): Promise<void> {
    this.since = (await sync(this.user, { timeout: 0, filter: MESSAGES_ONLY_FILTER })).body.next_batch;
    this.loop = this.poll().catch((err: unknown) => {
      this.failed = err as Error;
      this.wake();
    });
  }

  /** Resolves once message k has arrived or the reader stopped; throws if its polling failed. */
  async waitFor(k: number): Promise<void> {
    while (!this.arrivals.has(k) && !this.abort.signal.aborted && !this.failed) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    if (this.failed) throw this.failed;
  }

  get done(): boolean {
    return this.arrivals.size >= this.expected;
  }

  /** Ends the long-poll in flight, if any. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.wake();
    await this.loop;
  }

  private async poll(): Promise<void> {
    const prefix = `${this.tag} `;
    while (!this.done && !this.abort.signal.aborted) {
      let res;
      try {
        res = await sync(this.user, { since: this.since, timeout: LONG_POLL_MS, filter: MESSAGES_ONLY_FILTER }, this.abort.signal);
      } catch (err) {
        if (this.abort.signal.aborted) return;
        throw err;
      }
      const arrived = now();
      this.since = res.body.next_batch;
      let ours = 0;
      for (const event of timelineMessages(res.body).messages) {
        const body = event.content?.body;
        if (typeof body !== "string" || !body.startsWith(prefix)) continue;
        const k = Number(body.slice(prefix.length));
        ours++;
        if (this.arrivals.has(k)) this.duplicates++;
        else this.arrivals.set(k, arrived);
      }
      if (ours === 0) this.emptyPolls++;
      this.wake();
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
