/**
 * Wakes the /sync long-polls this process holds, and only those a change
 * concerns (by user and by room). Every process subscribes to the bus, so a
 * message sent through one process wakes a long-poll held by another.
 *
 * Callers must `listen()` BEFORE reading Postgres and await the listener only
 * if the read found nothing: a change that commits between the read and the
 * wait has then already resolved the listener, so no wake-up falls in the gap.
 */
import type { Bus, BusMessage } from "../../bus/bus.js";

export type WakeReason = "changed" | "timeout" | "revoked" | "shutdown" | "aborted";

export type ListenOptions = {
  userId: string;
  roomIds: ReadonlySet<string>;
  /** Hash of the session's access token, so a logout ends its long-poll at once. */
  tokenHash?: string;
};

export interface Listener {
  /** Resolves with why the wait ended; never rejects. */
  wait(timeoutMs: number, signal?: AbortSignal): Promise<WakeReason>;
  cancel(): void;
  /**
   * A change named the user, not only their rooms. Every change to a
   * user's memberships (join, leave, invite, kick, ban) names the user, so
   * while this is false the rooms the listener was given are still theirs.
   */
  readonly wokenForUser: boolean;
}

type Waiter = ListenOptions & { settled: WakeReason | undefined; resolve: ((reason: WakeReason) => void) | undefined; forUser: boolean };

export class Notifier {
  private readonly byUser = new Map<string, Set<Waiter>>();
  private readonly byRoom = new Map<string, Set<Waiter>>();
  private readonly unsubscribe: () => void;
  private shuttingDown = false;
  private latest = 0;

  constructor(bus: Bus) {
    this.unsubscribe = bus.subscribe((message) => this.onMessage(message));
  }

  get waiting(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }

  /**
   * The highest stream position any process has announced. Announcements
   * come after COMMIT and positions commit in order (store/stream.ts), so
   * everything at or below it has committed: a long-poll woken by an
   * announcement can read up to here without asking Postgres for the head.
   */
  get latestPosition(): number {
    return this.latest;
  }

  listen(options: ListenOptions): Listener {
    const waiter: Waiter = { ...options, settled: this.shuttingDown ? "shutdown" : undefined, resolve: undefined, forUser: false };
    addTo(this.byUser, options.userId, waiter);
    for (const roomId of options.roomIds) addTo(this.byRoom, roomId, waiter);
    const remove = () => {
      removeFrom(this.byUser, options.userId, waiter);
      for (const roomId of options.roomIds) removeFrom(this.byRoom, roomId, waiter);
    };
    return {
      wait: (timeoutMs, signal) =>
        new Promise<WakeReason>((resolve) => {
          if (waiter.settled) {
            remove();
            return resolve(waiter.settled);
          }
          const finish = (reason: WakeReason) => {
            clearTimeout(timer);
            signal?.removeEventListener("abort", onAbort);
            remove();
            resolve(reason);
          };
          const onAbort = () => finish("aborted");
          const timer = setTimeout(() => finish("timeout"), Math.max(0, timeoutMs));
          signal?.addEventListener("abort", onAbort, { once: true });
          waiter.resolve = (reason) => {
            waiter.resolve = undefined;
            finish(reason);
          };
        }),
      cancel: remove,
      get wokenForUser() {
        return waiter.forUser;
      },
    };
  }

  /** Ends every long-poll (SIGTERM): they return what they have. */
  shutdown(): void {
    this.shuttingDown = true;
    for (const set of this.byUser.values()) for (const w of set) settle(w, "shutdown");
  }

  close(): void {
    this.shutdown();
    this.unsubscribe();
  }

  private onMessage(message: BusMessage): void {
    if (message.kind === "session-revoked") {
      const hashes = new Set(message.tokenHashes);
      for (const set of this.byUser.values()) for (const w of set) if (w.tokenHash && hashes.has(w.tokenHash)) settle(w, "revoked");
      return;
    }
    if (message.kind === "stream") this.latest = Math.max(this.latest, message.position);
    this.wakeLocal(message.roomIds, message.userIds);
  }

  /**
   * Wakes this process's long-polls for these rooms and users without a bus
   * message: for changes every process sees by itself at the same moment
   * (a typing notification expiring).
   */
  wakeLocal(roomIds: Iterable<string>, userIds: Iterable<string>): void {
    for (const userId of userIds) {
      const set = this.byUser.get(userId);
      if (!set) continue;
      for (const w of set) {
        w.forUser = true; // even when already settled by a room: the rooms must be read again
        settle(w, "changed");
      }
    }
    for (const roomId of roomIds) {
      const set = this.byRoom.get(roomId);
      if (set) for (const w of set) settle(w, "changed");
    }
  }
}

function addTo(index: Map<string, Set<Waiter>>, key: string, waiter: Waiter): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(waiter);
}

function removeFrom(index: Map<string, Set<Waiter>>, key: string, waiter: Waiter): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(waiter);
  if (set.size === 0) index.delete(key);
}

function settle(waiter: Waiter, reason: WakeReason): void {
  if (waiter.settled) return;
  waiter.settled = reason;
  waiter.resolve?.(reason);
}
