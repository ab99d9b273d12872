/**
 * Redis pub/sub bus for several homeserver processes on one Postgres. One
 * connection publishes, a second one subscribes (a subscribed Redis
 * connection cannot publish). Messages are wake-up hints only: when Redis
 * drops one, /sync still catches up from Postgres on its next wake or timeout.
 */
import { Redis } from "ioredis";
import type { Bus, BusListener, BusMessage } from "./bus.js";

export type RedisBusOptions = {
  url: string;
  /** Channel name; processes of one homeserver share it. */
  channel?: string;
  onError?: (err: Error) => void;
};

export class RedisBus implements Bus {
  private readonly listeners = new Set<BusListener>();
  private readonly channel: string;

  private constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    channel: string,
  ) {
    this.channel = channel;
    sub.on("message", (ch: string, text: string) => {
      if (ch !== this.channel) return;
      let message: BusMessage;
      try {
        message = JSON.parse(text) as BusMessage;
      } catch {
        return; // not ours; a hint we cannot read is a hint we can drop
      }
      for (const listener of this.listeners) listener(message);
    });
  }

  static async connect(options: RedisBusOptions): Promise<RedisBus> {
    const channel = options.channel ?? "ward:bus";
    const common = { lazyConnect: true, maxRetriesPerRequest: 3, enableOfflineQueue: true };
    const pub = new Redis(options.url, common);
    const sub = new Redis(options.url, common);
    const onError = options.onError ?? (() => {});
    pub.on("error", onError);
    sub.on("error", onError);
    try {
      await Promise.all([pub.connect(), sub.connect()]);
      await sub.subscribe(channel);
    } catch (err) {
      pub.disconnect();
      sub.disconnect();
      throw new Error(`cannot connect to Redis at ${redactUrl(options.url)}: ${(err as Error).message}`);
    }
    return new RedisBus(pub, sub, channel);
  }

  async publish(message: BusMessage): Promise<void> {
    await this.pub.publish(this.channel, JSON.stringify(message));
  }

  subscribe(listener: BusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await Promise.allSettled([this.sub.quit(), this.pub.quit()]);
  }
}

/** Strips a password from a Redis URL before it goes into an error message. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "<invalid url>";
  }
}
