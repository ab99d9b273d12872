/**
 * A small typed event emitter: `Events` maps each event name to its payload,
 * so `on("typing", ({ room, userIds }) => ...)` is checked by the compiler.
 *
 * A listener that throws does not stop the others, nor the code that
 * emitted (the sync loop must keep going): its error goes to `onError`.
 */

export type Listener<P> = (payload: P) => void;

/** Returned by `on`: call it to remove the listener. */
export type Unsubscribe = () => void;

export class TypedEmitter<Events extends { [name: string]: unknown }> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>();

  constructor(private readonly onError: (error: unknown, event: keyof Events) => void = reportListenerError) {}

  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): Unsubscribe {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => this.off(event, listener);
  }

  off<K extends keyof Events>(event: K, listener: Listener<Events[K]>): void {
    const set = this.listeners.get(event);
    set?.delete(listener as Listener<never>);
    if (set?.size === 0) this.listeners.delete(event);
  }

  /** Calls `listener` for the next `event` only. */
  once<K extends keyof Events>(event: K, listener: Listener<Events[K]>): Unsubscribe {
    const off = this.on(event, (payload) => {
      off();
      listener(payload);
    });
    return off;
  }

  /**
   * The next payload of `event` for which `accept` is true. With a signal, the
   * promise rejects with the signal's reason when it aborts.
   */
  next<K extends keyof Events>(event: K, accept: (payload: Events[K]) => boolean = () => true, signal?: AbortSignal): Promise<Events[K]> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        off();
        reject(signal?.reason);
      };
      const off = this.on(event, (payload) => {
        if (!accept(payload)) return;
        off();
        signal?.removeEventListener("abort", onAbort);
        resolve(payload);
      });
      if (signal?.aborted) onAbort();
      else signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    // A copy: listeners may unsubscribe (once, next) while we iterate.
    for (const listener of [...set]) {
      try {
        (listener as Listener<Events[K]>)(payload);
      } catch (error) {
        this.onError(error, event);
      }
    }
  }

  listenerCount(event: keyof Events): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}

function reportListenerError(error: unknown, event: PropertyKey): void {
  console.error(`@ward/client-sdk: a listener for "${String(event)}" threw`, error);
}
