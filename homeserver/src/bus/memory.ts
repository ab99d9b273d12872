/**
 * In-process bus: the default when no Redis is configured (one homeserver
 * process). Delivery is asynchronous (a microtask later), like Redis, so code
 * that works here does not accidentally depend on synchronous delivery.
 */
import type { Bus, BusListener, BusMessage } from "./bus.js";

export class MemoryBus implements Bus {
  private readonly listeners = new Set<BusListener>();
  private closed = false;

  async publish(message: BusMessage): Promise<void> {
    if (this.closed) return;
    queueMicrotask(() => {
      for (const listener of this.listeners) listener(message);
    });
  }

  subscribe(listener: BusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
  }
}
